/// Trimming used by the readers of front matter, configuration and import.
extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        let u = utf8
        var end = u.endIndex
        while end > u.startIndex {
            let before = u.index(before: end)
            guard u[before] == 32 || u[before] == 9 else { break }
            end = before
        }
        return Substring(u[u.startIndex..<end])
    }
}

extension String {
    /// Removes `set` from both ends.
    public func trimming(_ set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
