import Handbook

// MARK: - Model

/// An onboarding path (`Quizzes/paths/<id>.yml`): what a role on a queue must do, in order,
/// to earn a certificate.
public struct LearningPath: Sendable, Hashable {
    /// The path id (`id:`, default: the file name).
    public var id: String
    /// The title shown to learners and leads.
    public var title: String
    /// What the path is for.
    public var description: String
    /// The role and queue it trains for (free text, shown in listings).
    public var role: String
    public var queue: String
    /// Who it applies to (`applies_to:`); empty lists do not limit.
    public var markets: [String]
    public var teams: [String]
    public var vendors: [String]
    /// The steps, in order.
    public var steps: [PathStep]
    /// The certificate the path grants (nil: none).
    public var certificate: PathCertificate?
    /// File path relative to the quiz folder.
    public var file: String

    /// A path.
    public init(id: String, title: String, description: String = "", role: String = "", queue: String = "", markets: [String] = [],
                teams: [String] = [], vendors: [String] = [], steps: [PathStep], certificate: PathCertificate?, file: String) {
        self.id = id; self.title = title; self.description = description; self.role = role; self.queue = queue
        self.markets = markets; self.teams = teams; self.vendors = vendors; self.steps = steps; self.certificate = certificate; self.file = file
    }

    /// The step with this id.
    public func step(_ id: String) -> PathStep? { steps.first { $0.id == id } }
}

/// One step of a path.
public struct PathStep: Sendable, Hashable {
    /// What the step asks.
    public enum Kind: Sendable, Hashable {
        /// Read and acknowledge SOPs (or sections of them).
        case acknowledge([PathReading])
        /// Pass an attempt at a blueprint.
        case pass(blueprintID: String)
        /// Take part in a calibration session: finish an attempt at a calibration blueprint,
        /// whatever its score.
        case calibration(blueprintID: String)
    }

    /// The step id, unique in its path.
    public var id: String
    /// The title shown to learners (default: made from the kind).
    public var title: String
    /// What it asks.
    public var kind: Kind
    /// Steps that must be done before this one can be (`after: [step-id]`).
    public var after: [String]
    /// Days after the path's start the step is due (`due_days:`, default 14).
    public var dueDays: Int
    /// Where the step starts in its file (1-based).
    public var line: Int

    /// A step.
    public init(id: String, title: String, kind: Kind, after: [String] = [], dueDays: Int = 14, line: Int = 0) {
        self.id = id; self.title = title; self.kind = kind; self.after = after; self.dueDays = dueDays; self.line = line
    }
}

/// An SOP to read in an acknowledge step: the whole page, or some of its sections.
public struct PathReading: Sendable, Hashable {
    /// The SOP's page id.
    public var sopID: String
    /// Section anchors to read (empty: the whole SOP).
    public var sections: [String]

    /// An SOP (or some of its sections) to read.
    public init(sopID: String, sections: [String] = []) { self.sopID = sopID; self.sections = sections }
}

/// The certificate a path grants and how it is renewed.
public struct PathCertificate: Sendable, Hashable {
    /// The certificate id, e.g. `id-listings`.
    public var id: String
    /// How many days it is valid from the day it is granted.
    public var validDays: Int
    /// The blueprint passed to renew it (empty: no recertification).
    public var recertBlueprint: String
    /// How many days before expiry the recertification task is assigned.
    public var recertDaysBefore: Int

    /// A certificate.
    public init(id: String, validDays: Int, recertBlueprint: String = "", recertDaysBefore: Int = 0) {
        self.id = id; self.validDays = validDays; self.recertBlueprint = recertBlueprint; self.recertDaysBefore = recertDaysBefore
    }
}

// MARK: - Parsing

extension ItemParser {
    /// The default number of days after the path's start a step is due.
    static let defaultDueDays = 14

    /// Reads a path file. Everything that needs the rest of the bank (SOPs, blueprints) is
    /// checked by `QuizBank.checkPaths`.
    static func parsePath(_ bytes: [UInt8], file: String, diagnostics d: inout [Diagnostic]) -> LearningPath? {
        let y: YAMLNode
        do { y = try YAMLParser.parseFile(bytes, file: file) } catch {
            d += error.diagnostics
            return nil
        }
        guard y.mapEntries != nil else {
            d.append(Diagnostic(.error, file: file, line: 1, "a path file is a map: id, title, applies_to, steps, certificate"))
            return nil
        }
        func count(_ node: YAMLNode, _ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard let v = node.scalar.flatMap({ Int($0) }), range.contains(v) else {
                d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
                return nil
            }
            return v
        }
        let defaultID = String(file.split(separator: "/").last ?? "").replacingOccurrences(of: ".yml", with: "").replacingOccurrences(of: ".yaml", with: "")
        let applies = y["applies_to"]
        if let a = applies, a.mapEntries == nil {
            d.append(Diagnostic(.error, file: file, line: a.line, column: a.column, "'applies_to' is a map of markets, teams and vendors, e.g. markets: [ID]"))
        }
        var steps: [PathStep] = []
        let stepNodes = y["steps"]?.listItems ?? []
        if stepNodes.isEmpty {
            d.append(Diagnostic(.error, file: file, line: y["steps"]?.line ?? 1, "a path needs 'steps:', a list of steps each with an id and one of acknowledge, pass or calibration"))
        }
        for node in stepNodes {
            guard node.mapEntries != nil else {
                d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "each step is a map: id, then one of acknowledge, pass or calibration"))
                continue
            }
            let id = node["id"]?.scalar ?? ""
            if id.isEmpty { d.append(Diagnostic(.error, file: file, line: node.line, column: node.column, "the step needs an 'id:' (unique in the path), e.g. id: read-sops")) }
            let present = ["acknowledge", "pass", "calibration"].filter { node[$0] != nil }
            if present.count != 1 {
                // Reported, and the step kept (as its first kind, or reading nothing) so that
                // the steps coming after it are not reported too.
                d.append(Diagnostic(.error, file: file, line: node.line, column: node.column,
                                    present.isEmpty ? "step '\(id)' needs one of 'acknowledge: [sop-id or sop-id#anchor]', 'pass: blueprint-id' or 'calibration: blueprint-id'"
                                                    : "step '\(id)' has \(present.joined(separator: " and ")); give each step exactly one, and split the rest into steps of their own"))
            }
            var kind: PathStep.Kind = .acknowledge([])
            var title = node["title"]?.scalar ?? ""
            switch present.first ?? "" {
            case "acknowledge":
                // sop-id or sop-id#anchor; sections of one SOP are gathered in first-seen order.
                var readings: [PathReading] = []
                for ref in list(node["acknowledge"]) {
                    let parts = ref.split(separator: "#", maxSplits: 1).map(String.init)
                    let sop = parts.first ?? ""
                    if let i = readings.firstIndex(where: { $0.sopID == sop }) {
                        if parts.count == 2 { readings[i].sections.append(parts[1]) } else { readings[i].sections = [] }
                    } else {
                        readings.append(PathReading(sopID: sop, sections: parts.count == 2 ? [parts[1]] : []))
                    }
                }
                if readings.isEmpty, let n = node["acknowledge"], present.count == 1 {
                    d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'acknowledge' lists SOPs or sections to read: [sop-id, sop-id#anchor]"))
                }
                kind = .acknowledge(readings)
                if title.isEmpty { title = "Read and acknowledge " + readings.map { r in r.sections.isEmpty ? r.sopID : r.sections.map { "\(r.sopID)#\($0)" }.joined(separator: ", ") }.joined(separator: ", ") }
            case "":
                break
            case "pass":
                let b = node["pass"]?.scalar ?? ""
                kind = .pass(blueprintID: b)
                if title.isEmpty { title = "Pass \(b)" }
            default:
                let b = node["calibration"]?.scalar ?? ""
                kind = .calibration(blueprintID: b)
                if title.isEmpty { title = "Take part in calibration session \(b)" }
            }
            var dueDays = defaultDueDays
            if let n = node["due_days"], let v = count(n, "due_days", 0...3650) { dueDays = v }
            steps.append(PathStep(id: id, title: title, kind: kind, after: list(node["after"]), dueDays: dueDays, line: node.line))
        }
        var certificate: PathCertificate?
        if let c = y["certificate"], let certificateLine = y.mapEntries?.first(where: { $0.key == "certificate" })?.line {
            if c.mapEntries == nil {
                d.append(Diagnostic(.error, file: file, line: c.line, column: c.column, "'certificate' is a map: id, valid_days, recertify: {blueprint, days_before}"))
            } else {
                let id = c["id"]?.scalar ?? ""
                if id.isEmpty { d.append(Diagnostic(.error, file: file, line: certificateLine, column: 1, "the certificate needs an 'id:', e.g. id: id-listings")) }
                var valid = 0
                if let n = c["valid_days"] {
                    valid = count(n, "valid_days", 1...3650) ?? 0
                } else {
                    d.append(Diagnostic(.error, file: file, line: certificateLine, column: 1, "certificate '\(id)' has no validity; add 'valid_days: N' (e.g. 180), the days it is valid after it is granted"))
                }
                var recert = "", before = 0
                if let r = c["recertify"] {
                    recert = r["blueprint"]?.scalar ?? ""
                    if recert.isEmpty { d.append(Diagnostic(.error, file: file, line: r.line, column: r.column, "'recertify' needs 'blueprint: ID', the blueprint passed to renew the certificate")) }
                    if let n = r["days_before"] {
                        before = count(n, "days_before", 1...3650) ?? 0
                        if valid > 0, before >= valid {
                            d.append(Diagnostic(.error, file: file, line: n.line, column: n.column, "'days_before' (\(before)) must be less than valid_days (\(valid)): the recertification is assigned that many days before expiry"))
                        }
                    } else {
                        d.append(Diagnostic(.error, file: file, line: r.line, column: r.column, "'recertify' needs 'days_before: N', how many days before expiry the recertification is assigned"))
                    }
                }
                certificate = PathCertificate(id: id, validDays: valid, recertBlueprint: recert, recertDaysBefore: before)
            }
        }
        return LearningPath(id: y["id"]?.scalar ?? defaultID, title: y["title"]?.scalar ?? defaultID, description: y["description"]?.scalar ?? "",
                            role: y["role"]?.scalar ?? "", queue: y["queue"]?.scalar ?? "",
                            markets: list(applies?["markets"]).map { $0.uppercased() }, teams: list(applies?["teams"]), vendors: list(applies?["vendors"]),
                            steps: steps, certificate: certificate, file: file)
    }
}

// MARK: - Checking against the bank

extension QuizBank {
    /// Checks paths against the handbook and the blueprints: SOPs, sections and blueprints
    /// exist, step ids are unique, prerequisites name steps of the path and have no cycle.
    static func checkPaths(_ paths: [LearningPath], blueprints: [Blueprint], handbook: Handbook) -> [Diagnostic] {
        var d: [Diagnostic] = []
        var pathFiles: [String: String] = [:]
        let blueprintsByID = Dictionary(blueprints.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let available = blueprints.map(\.id).sorted().joined(separator: ", ")
        for p in paths {
            let file = "Quizzes/" + p.file
            if let other = pathFiles[p.id] { d.append(Diagnostic(.error, file: file, "duplicate path id '\(p.id)' (also in Quizzes/\(other))")) }
            pathFiles[p.id] = p.file
            var seen: [String: Int] = [:]
            for s in p.steps where !s.id.isEmpty {
                if let first = seen[s.id] {
                    d.append(Diagnostic(.error, file: file, line: s.line, "duplicate step id '\(s.id)' (first on line \(first)); give every step of a path its own id"))
                } else {
                    seen[s.id] = s.line
                }
            }
            for s in p.steps {
                switch s.kind {
                case .acknowledge(let readings):
                    for r in readings {
                        guard let page = handbook.page(id: r.sopID) else {
                            d.append(Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': no SOP with id '\(r.sopID)' in the handbook; use the 'id:' of a page"))
                            continue
                        }
                        // A page that failed to load has no version or sections: those errors follow from it.
                        let follows = handbook.unloadedPages.contains(page.path) ? page.path : nil
                        if page.meta.version.isEmpty {
                            var e = Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': \(r.sopID) has no 'version:' front matter, and acknowledgements are of a version; add one to \(page.path)")
                            e.followsFrom = follows
                            d.append(e)
                        }
                        for anchor in r.sections where !page.sections.contains(where: { $0.anchor == anchor }) {
                            var e = Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': \(r.sopID) has no section '#\(anchor)'; its sections are \(page.sections.map { "#" + $0.anchor }.joined(separator: ", "))")
                            e.followsFrom = follows
                            d.append(e)
                        }
                    }
                case .pass(let b):
                    if blueprintsByID[b] == nil {
                        d.append(Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': no blueprint '\(b)' in Quizzes/blueprints; available: \(available)"))
                    } else if blueprintsByID[b]?.mode == .review {
                        d.append(Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': '\(b)' is a review blueprint (each learner's own due questions), which cannot be a path step; use a practice or exam blueprint"))
                    }
                case .calibration(let b):
                    if let bp = blueprintsByID[b] {
                        if !bp.calibration {
                            d.append(Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': '\(b)' is not a calibration blueprint ('calibration: true'); use 'pass: \(b)' to require passing it"))
                        }
                    } else {
                        d.append(Diagnostic(.error, file: file, line: s.line, "step '\(s.id)': no calibration blueprint '\(b)' in Quizzes/blueprints; available: \(available)"))
                    }
                }
                for a in s.after where seen[a] == nil {
                    d.append(Diagnostic(.error, file: file, line: s.line, "step '\(s.id)' comes after '\(a)', which is not a step of this path; name one of \(p.steps.map(\.id).joined(separator: ", "))"))
                }
            }
            if let cycle = prerequisiteCycle(p) {
                let line = p.step(cycle[0])?.line ?? 0
                d.append(Diagnostic(.error, file: file, line: line, "the steps' prerequisites form a cycle (\(cycle.joined(separator: " after "))), so none of them could ever start; remove one of these 'after:' entries"))
            }
            if let c = p.certificate, !c.recertBlueprint.isEmpty {
                if let bp = blueprintsByID[c.recertBlueprint] {
                    if bp.mode == .review {
                        d.append(Diagnostic(.error, file: file, "certificate '\(c.id)': the recertification blueprint '\(bp.id)' is a review blueprint; use an exam or practice blueprint"))
                    }
                } else {
                    d.append(Diagnostic(.error, file: file, "certificate '\(c.id)': no recertification blueprint '\(c.recertBlueprint)' in Quizzes/blueprints; available: \(available)"))
                }
            }
        }
        return d
    }

    /// The first cycle in a path's prerequisites (step ids, the first repeated at the end), or nil.
    static func prerequisiteCycle(_ p: LearningPath) -> [String]? {
        let after = Dictionary(p.steps.map { ($0.id, $0.after) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:] // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ id: String) -> [String]? {
            if state[id] == 2 { return nil }
            if state[id] == 1 {
                let start = stack.firstIndex(of: id) ?? 0
                return Array(stack[start...]) + [id]
            }
            state[id] = 1
            stack.append(id)
            for a in after[id] ?? [] where after[a] != nil {
                if let c = visit(a) { return c }
            }
            stack.removeLast()
            state[id] = 2
            return nil
        }
        for s in p.steps { if let c = visit(s.id) { return c } }
        return nil
    }
}
