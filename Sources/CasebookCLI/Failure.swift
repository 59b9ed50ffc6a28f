extension Console {
    /// Reports an error that stops a command (`casebook: MESSAGE` on stderr) and returns exit
    /// status 1; the one way a command fails on bad data, a database or a file.
    func fail(_ message: String) -> Int32 {
        err("casebook: \(message)\n")
        return ExitCode.contentErrors
    }
}
