import Foundation

// The dashboard's Team progress panel (see TeamProgress): one table per team (a lead sees
// theirs, a trainer every team), a row per learner with a path or a certificate: each path's
// steps done of total as a bar with its figure in text, the next step, the steps blocked and
// what they wait for, overdue tasks and certificates expiring within 30 days.

extension Dashboard.Renderer {
    mutating func teamProgressPanel(_ t: TeamProgress) {
        out += "<section aria-labelledby=\"dash-team-progress\">\n<h2 id=\"dash-team-progress\">\(esc(tr("dashboard.team_progress", "Team progress")))</h2>\n"
        out += "<p class=\"dash-note\">Onboarding paths, overdue tasks and certificates expiring within \(TeamProgress.expiringDays) days, on <time datetime=\"\(esc(t.today))\">\(esc(t.today))</time>.</p>\n"
        if t.rows.isEmpty {
            out += "<p>No learner here has a path or a certificate yet. A trainer assigns one with <code>casebook paths assign</code>.</p>\n"
        }
        var teams: [(String, [TeamProgress.Row])] = []
        for r in t.rows {
            if let last = teams.last, last.0 == r.team { teams[teams.count - 1].1.append(r) } else { teams.append((r.team, [r])) }
        }
        for (team, rows) in teams {
            let name = team.isEmpty ? "(no team)" : team
            let label = "Team progress: \(name)"
            out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(esc(label))\" tabindex=\"0\"><table class=\"dash-table team-progress\">\n"
            out += "<caption>\(esc("Team \(name) (\(rows.count) learner\(rows.count == 1 ? "" : "s"))"))</caption>\n"
            out += "<thead><tr><th scope=\"col\">Learner</th><th scope=\"col\">Path</th><th scope=\"col\">Steps done</th><th scope=\"col\">Next step</th>"
            out += "<th scope=\"col\">Blocked on</th><th scope=\"col\">Overdue tasks</th><th scope=\"col\">Certificates expiring</th></tr></thead>\n<tbody>\n"
            for r in rows { teamRow(r) }
            out += "</tbody></table></div>\n"
        }
        if t.withoutPath > 0 {
            out += "<p class=\"dash-note\">\(esc("\(t.withoutPath) more learner\(t.withoutPath == 1 ? "" : "s") with no path or certificate."))</p>\n"
        }
        out += "</section>\n"
    }

    mutating func teamRow(_ r: TeamProgress.Row) {
        let who = esc(r.name.isEmpty || r.name == r.id ? r.id : "\(r.name) (\(r.id))")
        let overdue = r.overdueTasks > 0 ? "<strong class=\"overdue-mark\">\(r.overdueTasks)</strong>" : "0"
        let expiring = r.expiring.isEmpty ? "–" : r.expiring.map { e in
            let left = e.daysLeft < 0 ? "expired" : e.daysLeft == 0 ? "expires today" : "\(e.daysLeft) day\(e.daysLeft == 1 ? "" : "s") left"
            return "\(esc(e.certificate)): <time datetime=\"\(esc(e.expires))\">\(esc(e.expires))</time> (\(left))"
        }.joined(separator: "<br>")
        let lines = r.paths.isEmpty ? [nil] : r.paths.map { Optional($0) }
        for (i, p) in lines.enumerated() {
            out += "<tr>"
            if i == 0 { out += "<th scope=\"row\"\(lines.count > 1 ? " rowspan=\"\(lines.count)\"" : "")>\(who)</th>" }
            if let p {
                out += "<td>\(esc(p.title))</td><td>\(bar(p.done, of: p.total))</td>"
                out += "<td>\(p.next.map { "\(esc($0))\(p.nextDue.map { ", due <time datetime=\"\(esc($0))\">\(esc($0))</time>" } ?? "")" } ?? (p.done == p.total ? "Complete" : "–"))</td>"
                out += "<td>\(p.blocked.isEmpty ? "–" : p.blocked.map { esc($0) }.joined(separator: "<br>"))</td>"
            } else {
                out += "<td>–</td><td>–</td><td>–</td><td>–</td>"
            }
            if i == 0 {
                let span = lines.count > 1 ? " rowspan=\"\(lines.count)\"" : ""
                out += "<td\(span)>\(overdue)</td><td\(span)>\(expiring)</td>"
            }
            out += "</tr>\n"
        }
    }
}
