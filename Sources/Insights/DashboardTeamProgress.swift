import Foundation

// The dashboard's Team progress panel (see TeamProgress): one table per team (a lead sees
// theirs, a trainer every team), a row per learner with a path or a certificate: each path's
// steps done of total as a bar with its figure in text, the next step, the steps blocked and
// what they wait for, overdue tasks and certificates expiring within 30 days.

extension Dashboard.Renderer {
    mutating func teamProgressPanel(_ t: TeamProgress) {
        out += "<section aria-labelledby=\"dash-team-progress\">\n<h2 id=\"dash-team-progress\">\(esc(tr("dashboard.team_progress", "Team progress")))</h2>\n"
        let note = trHTML("dashboard.team.note", "Onboarding paths, overdue tasks and certificates expiring within {days} days, on {date}.",
                                              ["days": esc(cnt(TeamProgress.expiringDays)), "date": "<time datetime=\"\(esc(t.today))\">\(esc(fullDate(t.today)))</time>"])
        out += "<p class=\"dash-note\">\(note)</p>\n"
        if t.rows.isEmpty {
            out += "<p>\(trHTML("dashboard.team.empty", "No learner here has a path or a certificate yet. A trainer assigns one with {command}.", ["command": "<code>casebook paths assign</code>"]))</p>\n"
        }
        var teams: [(String, [TeamProgress.Row])] = []
        for r in t.rows {
            if let last = teams.last, last.0 == r.team { teams[teams.count - 1].1.append(r) } else { teams.append((r.team, [r])) }
        }
        for (team, rows) in teams {
            let name = team.isEmpty ? tr("dashboard.team.no_team", "(no team)") : team
            let label = tr("dashboard.team.label", "Team progress: {team}", ["team": name])
            out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(esc(label))\" tabindex=\"0\"><table class=\"dash-table team-progress\">\n"
            out += "<caption>\(esc(tr("dashboard.team.caption", count: rows.count, one: "Team {team} ({count} learner)", other: "Team {team} ({count} learners)", ["team": name])))</caption>\n<thead><tr>"
            for h in ["Learner", "Path", "Steps done", "Next step", "Blocked on", "Overdue tasks", "Certificates expiring"] {
                out += "<th scope=\"col\">\(esc(tr("dashboard.column." + Self.columnKey(h), h)))</th>"
            }
            out += "</tr></thead>\n<tbody>\n"
            for r in rows { teamRow(r) }
            out += "</tbody></table></div>\n"
        }
        if t.withoutPath > 0 {
            let withoutPath = esc(tr("dashboard.team.without_path", count: t.withoutPath, one: "{count} more learner with no path or certificate.",
                                                      other: "{count} more learners with no path or certificate."))
            out += "<p class=\"dash-note\">\(withoutPath)</p>\n"
        }
        out += "</section>\n"
    }

    mutating func teamRow(_ r: TeamProgress.Row) {
        let who = esc(r.name.isEmpty || r.name == r.id ? r.id : "\(r.name) (\(r.id))")
        let overdue = r.overdueTasks > 0 ? "<strong class=\"overdue-mark\">\(r.overdueTasks)</strong>" : "0"
        let expiring = r.expiring.isEmpty ? "–" : r.expiring.map { e in
            let left = e.daysLeft < 0 ? tr("dashboard.team.expired", "expired") : e.daysLeft == 0 ? tr("dashboard.team.expires_today", "expires today")
                : tr("dashboard.days_left", count: e.daysLeft, one: "{count} day left", other: "{count} days left")
            return "\(esc(e.certificate)): <time datetime=\"\(esc(e.expires))\">\(esc(fullDate(e.expires)))</time> (\(esc(left)))"
        }.joined(separator: "<br>")
        let lines = r.paths.isEmpty ? [nil] : r.paths.map { Optional($0) }
        for (i, p) in lines.enumerated() {
            out += "<tr>"
            if i == 0 { out += "<th scope=\"row\"\(lines.count > 1 ? " rowspan=\"\(lines.count)\"" : "")>\(who)</th>" }
            if let p {
                let title = localFormats ? p.renews.map { tr("analysis.renew", "Renew {certificate}", ["certificate": $0]) } ?? p.title : p.title
                out += "<td>\(esc(title))</td><td>\(bar(p.done, of: p.total))</td>"
                let nextStep = p.next.map { next in p.nextDue.map { trHTML("dashboard.team.next_due", "{step}, due {date}", ["step": esc(next), "date": "<time datetime=\"\(esc($0))\">\(esc(fullDate($0)))</time>"]) } ?? esc(next) }
                    ?? (p.done == p.total ? esc(tr("dashboard.team.complete", "Complete")) : "–")
                out += "<td>\(nextStep)</td>"
                let blocked = localFormats ? p.blockedSteps.map { tr("analysis.waits_for", "{step} (waits for {steps})",
                                                                     ["step": $0.title, "steps": $0.waitsFor.joined(separator: tr("analysis.list_separator", ", "))]) } : p.blocked
                out += "<td>\(blocked.isEmpty ? "–" : blocked.map { esc($0) }.joined(separator: "<br>"))</td>"
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
