import CasebookCLI
import Foundation
exit(CasebookCommand.main(Array(CommandLine.arguments.dropFirst())))
