import Foundation
import Records

/// `casebook db copy`: moves a deployment's records to another database (SQLite to PostgreSQL).
enum DbCommand {
    static let from = OptionSpec.value("--from", "PATH|URL", help: "The records to copy (default: \(DataPaths.defaultDatabase))")
    static let to = OptionSpec.value("--to", "URL|PATH", help: "An empty database to copy them into, e.g. postgres://casebook@db.internal:5432/casebook", required: true)

    static let spec = CommandSpec(
        name: "db",
        summary: "Copies the records database to another engine (a SQLite file into PostgreSQL), checking every table.",
        discussion: """
        'copy' brings both databases to this Casebook's schema, refuses a target that already \
        holds records, copies each table in one transaction of its own (referenced tables \
        first), then reads every table back from both sides and compares row counts and \
        checksums of the rows' values. It prints one line per table. Stop 'casebook serve' \
        first, so nothing is written to the source meanwhile. A URL's password is never \
        printed; it can also come from ~/.pgpass or PGPASSWORD.
        """,
        exitStatus: "0 copied and checked, 1 database error or a table that differs, 2 usage error.",
        subcommands: [
            CommandSpec(name: "copy", summary: "Copies every table into an empty database and compares row counts and checksums.",
                        options: [from, to]),
        ],
        run: { args, console throws(UsageError) in try run(args, console: console) })

    static func run(_ args: ParsedArguments, console: Console) throws(UsageError) -> Int32 {
        guard args.subcommand == "copy" else { throw UsageError(message: "use casebook db copy --from PATH --to URL") }
        guard let target = args.value(to), !target.isEmpty else { throw UsageError(message: "--to is required: the empty database to copy into, e.g. --to postgres://casebook@localhost:5432/casebook") }
        let source = args.value(from) ?? DataPaths.defaultDatabase
        let tables: [TableCopy]
        do {
            tables = try DatabaseCopy.copy(from: source, to: target) { t in
                let hex = String(t.sourceChecksum, radix: 16)
                console.out("\(t.table): \(t.sourceRows) rows, checksum \(String(repeating: "0", count: 16 - hex.count) + hex) \(t.matches ? "matches" : "DIFFERS (target: \(t.targetRows) rows, checksum \(String(t.targetChecksum, radix: 16)))")\n")
            }
        } catch {
            return console.fail(error.message)
        }
        let differing = tables.filter { !$0.matches }
        if !differing.isEmpty {
            return console.fail("the copy differs from the source in \(differing.map(\.table).joined(separator: ", ")); do not switch to it: drop the target database, and copy again")
        }
        console.out("Copied \(tables.reduce(0) { $0 + $1.sourceRows }) rows in \(tables.count) tables; every row count and checksum matches.\n")
        return ExitCode.success
    }
}
