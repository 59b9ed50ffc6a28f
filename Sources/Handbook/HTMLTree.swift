import Foundation
import CGumbo

/// A whole HTML document as gumbo (an HTML5 parser) reads it, copied into Swift values so a
/// converter can walk it freely after gumbo's memory is gone (`RawHTML.parse` frees it whole).
///
/// Elements nested deeper than `maxDepth` keep only their text (one node), so neither the copy
/// nor a converter walking it recursively can overflow a thread's stack on hostile input.
final class HTMLElement {
    /// The lower-case tag name (`div`; an unknown tag as written, `ac:structured-macro`).
    let name: String
    let attributes: [String: String]
    fileprivate(set) var children: [HTMLNode] = []
    /// The line of the start tag in the source (1 is the first; 0 for an implied element).
    let line: Int

    init(name: String, attributes: [String: String] = [:], line: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// Nested deeper than this, an element keeps only its text.
    static let maxDepth = 200

    /// Parses a whole document (`<html>` implied when missing); its root is the `html` element.
    static func document(_ html: String) -> HTMLElement {
        var root = HTMLElement(name: "html")
        RawHTML.parse(html, fragment: false) { node in root = copy(node, depth: 0) }
        return root
    }

    private static func copy(_ node: RawHTML.NodePointer, depth: Int) -> HTMLElement {
        let element = HTMLElement(name: RawHTML.tagName(node), attributes: RawHTML.attributes(node),
                                  line: Int(node.pointee.v.element.start_pos.line))
        for child in RawHTML.children(node) {
            switch child.pointee.type {
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                if depth >= maxDepth {
                    element.children.append(.text(plainText(child)))
                } else {
                    element.children.append(.element(copy(child, depth: depth + 1)))
                }
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                element.children.append(.text(child.pointee.v.text.text.map { String(cString: $0) } ?? ""))
            default:
                continue // comments, the document node
            }
        }
        return element
    }

    /// The text below `node`, gathered without recursion.
    private static func plainText(_ node: RawHTML.NodePointer) -> String {
        var out = ""
        var stack = [node]
        while let n = stack.popLast() {
            switch n.pointee.type {
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE: stack.append(contentsOf: RawHTML.children(n).reversed())
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA: out += n.pointee.v.text.text.map { String(cString: $0) } ?? ""
            default: continue
            }
        }
        return out
    }

    /// Whether the `class` attribute names `name`.
    func hasClass(_ name: String) -> Bool {
        guard let classes = attributes["class"] else { return false }
        return classes.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains { $0 == name }
    }

    var elements: [HTMLElement] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    /// The first element below this one (depth first, this one excluded) that `match` accepts.
    func first(where match: (HTMLElement) -> Bool) -> HTMLElement? {
        var stack = elements.reversed() as [HTMLElement]
        while let e = stack.popLast() {
            if match(e) { return e }
            stack.append(contentsOf: e.elements.reversed())
        }
        return nil
    }

    /// Every element below this one that `match` accepts, in document order (not looking inside a match).
    func all(where match: (HTMLElement) -> Bool) -> [HTMLElement] {
        var out: [HTMLElement] = []
        var stack = elements.reversed() as [HTMLElement]
        while let e = stack.popLast() {
            if match(e) { out.append(e); continue }
            stack.append(contentsOf: e.elements.reversed())
        }
        return out
    }

    /// The element's text, as written (whitespace kept).
    var text: String {
        var out = ""
        var stack: [HTMLNode] = children.reversed()
        while let n = stack.popLast() {
            switch n {
            case .text(let t): out += t
            case .element(let e): stack.append(contentsOf: e.children.reversed())
            }
        }
        return out
    }

    /// The text with every run of whitespace one space, trimmed.
    var collapsedText: String { HTMLElement.collapsed(text).trimmingCharacters(in: .whitespaces) }

    static func collapsed(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var space = false
        for c in s.unicodeScalars {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                space = true
            } else {
                if space { out.unicodeScalars.append(" ") }
                space = false
                out.unicodeScalars.append(c)
            }
        }
        if space { out.unicodeScalars.append(" ") }
        return out
    }
}

enum HTMLNode {
    case element(HTMLElement)
    case text(String)
}
