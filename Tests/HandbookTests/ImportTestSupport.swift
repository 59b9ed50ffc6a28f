import CasebookTestSupport
import Handbook

extension TempTree {
    /// `casebook import-docs` of this tree's `source` (a corpus' folder, or a document) into its
    /// `destination`, as the command runs it: the tool found from the files unless `tool` says.
    func importDocs(_ source: String, into destination: String = "Content", tool: DocsTool? = nil,
                    framework: String? = nil) throws(DocsImportError) -> DocsImportReport {
        try DocsImport.run(source: path(source), destination: path(destination), tool: tool, framework: framework)
    }
}
