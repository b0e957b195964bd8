import Foundation

/// One self-contained HTML page: a title, then blocks of key-value tables, tables, text and
/// figures, with the CSS inline and every figure as inline SVG (no external files or
/// scripts; it opens offline).
///
/// Figures are laid out in a wrapping row of fixed-size boxes, each `<figure>` with the
/// figure's file name as its `id` and caption. The same report gives the same bytes.
public struct HTMLReport: Sendable {
  public enum Block: Sendable {
    case keyValues(title: String, [(key: String, value: String)])
    case table(title: String, header: [String], rows: [[String]])
    case text(String)
    case figures(title: String, [(name: String, figure: Figure)])
  }

  public var title: String
  public var blocks: [Block]

  public init(title: String, blocks: [Block] = []) {
    self.title = title
    self.blocks = blocks
  }

  static let style = """
    body { font-family: sans-serif; margin: 16px; color: #222; background: white; }
    h1 { font-size: 22px; margin: 0 0 12px; }
    h2 { font-size: 17px; margin: 20px 0 8px; }
    table { border-collapse: collapse; font-size: 13px; }
    th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
    th { background: #f2f2f2; }
    td.number { text-align: right; font-variant-numeric: tabular-nums; }
    .figures { display: flex; flex-wrap: wrap; gap: 12px; }
    figure { margin: 0; }
    figure svg { display: block; }
    figcaption { font-size: 12px; color: #555; }
    """

  /// The page as HTML text.
  public func html() -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8"/>
      <title>\(SVGBuilder.escaped(title))</title>
      <style>
      \(Self.style)</style>
      </head>
      <body>
      <h1>\(SVGBuilder.escaped(title))</h1>

      """
    for block in blocks {
      switch block {
      case .keyValues(let heading, let pairs):
        out += "<h2>\(SVGBuilder.escaped(heading))</h2>\n<table>\n"
        for (key, value) in pairs {
          out += "<tr><th>\(SVGBuilder.escaped(key))</th>\(Self.cell(value))</tr>\n"
        }
        out += "</table>\n"
      case .table(let heading, let header, let rows):
        out += "<h2>\(SVGBuilder.escaped(heading))</h2>\n<table>\n<tr>"
        out += header.map { "<th>\(SVGBuilder.escaped($0))</th>" }.joined() + "</tr>\n"
        for row in rows { out += "<tr>" + row.map(Self.cell).joined() + "</tr>\n" }
        out += "</table>\n"
      case .text(let text):
        out += "<p>\(SVGBuilder.escaped(text))</p>\n"
      case .figures(let heading, let figures):
        out += "<h2>\(SVGBuilder.escaped(heading))</h2>\n<div class=\"figures\">\n"
        for (name, figure) in figures {
          let id = SVGBuilder.escaped(name)
          out += "<figure id=\"\(id)\">\n\(Self.inline(figure.svg()))<figcaption>\(id)"
          out += "</figcaption>\n</figure>\n"
        }
        out += "</div>\n"
      }
    }
    return out + "</body>\n</html>\n"
  }

  /// A table cell; numbers are right-aligned.
  static func cell(_ value: String) -> String {
    let numeric = Double(value) != nil
    return (numeric ? "<td class=\"number\">" : "<td>") + SVGBuilder.escaped(value) + "</td>"
  }

  /// An SVG document without its XML declaration, for inlining in HTML.
  static func inline(_ svg: String) -> String {
    guard svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") else { return svg }
    return String(svg[svg.index(after: end)...])
  }

  /// `value` with 4 significant digits ("-" for NaN, "-inf" for -infinity).
  public static func format(_ value: Double?) -> String {
    guard let value else { return "-" }
    if value.isNaN { return "-" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return String(format: "%.4g", value)
  }
}
