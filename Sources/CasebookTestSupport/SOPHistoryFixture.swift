import Foundation

/// A repository whose `Content/trust/refunds.md` (id `refunds`) has three published versions,
/// for the history and diff tests:
///
/// 1. `1.0`: intro, Scope `{#scope}`, Appeals, RF-01 (harm medium), RF-02 (harm low), Contact.
/// 2. a typo fix without a version change (not a published version).
/// 3. `1.9`: the Scope heading reworded (its explicit anchor kept) and its text edited;
///    Contact moved up before Appeals; RF-01 renamed RF-05; RF-02's harm raised to high;
///    RF-03 added.
/// 4. `1.10`: "seven days" becomes "fourteen days" under Appeals (1.10 is after 1.9).
public struct SOPHistoryFixture {
    public let repository: GitFixture
    /// Commit ids, in order.
    public let commits: [String]
    public var content: String { repository.root + "/Content" }
    public static let path = "trust/refunds.md"

    public static let version1 = """
        ---
        id: refunds
        title: Refund abuse
        version: "1.0"
        ---
        Moderators review refund claims every day.

        ## Scope {#scope}

        This policy covers refund claims on marketplace orders.

        ## Appeals

        Sellers may appeal within seven days.

        ### RF-01 Fake tracking numbers {harm=medium}

        Remove listings that use fake tracking numbers.

        ### RF-02 Empty box claims {harm=low}

        Warn buyers who claim an emtpy box without evidence.

        ## Contact

        Write to the refunds team.

        """

    public static var version1Fixed: String { version1.replacingOccurrences(of: "emtpy", with: "empty") }

    public static let version19 = """
        ---
        id: refunds
        title: Refund abuse
        version: "1.9"
        ---
        Moderators review refund claims every day.

        ## What this covers {#scope}

        This policy covers refund claims on all marketplace and app orders.

        ## Contact

        Write to the refunds team.

        ## Appeals

        Sellers may appeal within seven days.

        ### RF-05 Fake tracking numbers {harm=medium}

        Remove listings that use fake tracking numbers.

        ### RF-02 Empty box claims {harm=high}

        Warn buyers who claim an empty box without evidence.

        ### RF-03 Wardrobing {harm=medium}

        Warn buyers who return worn clothes.

        """

    public static var version110: String {
        version19.replacingOccurrences(of: "version: \"1.9\"", with: "version: \"1.10\"")
            .replacingOccurrences(of: "seven days", with: "fourteen days")
    }

    /// Builds the repository (a README outside Content/ changes too, and is ignored).
    public init() throws {
        let repo = try GitFixture()
        var commits: [String] = []
        commits.append(try repo.commit(["README.md": "Handbook\n", "Content/trust/refunds.md": Self.version1], message: "Refund abuse SOP 1.0"))
        commits.append(try repo.commit(["Content/trust/refunds.md": Self.version1Fixed, "README.md": "Handbook.\n"], message: "Typo"))
        commits.append(try repo.commit(["Content/trust/refunds.md": Self.version19], message: "Refund abuse 1.9", author: "Bo Reviewer"))
        commits.append(try repo.commit(["Content/trust/refunds.md": Self.version110], message: "Refund abuse 1.10"))
        self.repository = repo
        self.commits = commits
    }
}
