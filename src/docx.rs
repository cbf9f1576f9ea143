//! The process document as a Word file (.docx): the same blocks as the HTML page
//! ([`crate::report::report`]) written as a minimal OOXML package (the document, its styles, a
//! footer with the page number, and the flowchart as a PNG picture), zipped by the `zip` crate.
//! Opens in Word, WPS and LibreOffice; Chinese text is set in a font every Chinese system has.

use crate::draw::esc;
use crate::i18n::t;
use crate::model::Document;
use crate::report::{Block, Cell, Look, Report};
use std::fmt::Write as _;
use std::io::Write as _;

/// The flowchart as a PNG and its size in pixels.
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A4 with 2 cm margins, in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: u32 = 1134;
/// EMUs (the unit of pictures) per twentieth of a point.
const EMU_PER_TWIP: u64 = 635;

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

/// The document's relationships: its styles, its footer and, when there is one, the flowchart.
fn document_rels(picture: bool) -> String {
    let image = if picture {
        r#"<Relationship Id="rIdFlowchart" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/flowchart.png"/>"#
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>{image}</Relationships>"#
    )
}

/// Fonts: Latin text in Arial, Chinese in Microsoft YaHei (SimSun where it is missing).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Microsoft YaHei" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="2" w:color="1F2933"/></w:pBdr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="66788A"/><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="8A99A8"/><w:left w:val="single" w:sz="4" w:color="8A99A8"/><w:bottom w:val="single" w:sz="4" w:color="8A99A8"/><w:right w:val="single" w:sz="4" w:color="8A99A8"/><w:insideH w:val="single" w:sz="4" w:color="8A99A8"/><w:insideV w:val="single" w:sz="4" w:color="8A99A8"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// A run of text (line breaks kept as breaks).
fn run(out: &mut String, text: &str, bold: bool, color: Option<&str>) {
    out.push_str("<w:r>");
    if bold || color.is_some() {
        out.push_str("<w:rPr>");
        if bold {
            out.push_str("<w:b/>");
        }
        if let Some(c) = color {
            let _ = write!(out, "<w:color w:val=\"{c}\"/>");
        }
        out.push_str("</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc(line));
    }
    out.push_str("</w:r>");
}

fn paragraph(out: &mut String, style: Option<&str>, page_break: bool, runs: impl FnOnce(&mut String)) {
    out.push_str("<w:p>");
    if style.is_some() || page_break {
        out.push_str("<w:pPr>");
        if let Some(s) = style {
            let _ = write!(out, "<w:pStyle w:val=\"{s}\"/>");
        }
        if page_break {
            out.push_str("<w:pageBreakBefore/>");
        }
        out.push_str("</w:pPr>");
    }
    runs(out);
    out.push_str("</w:p>");
}

fn cell(out: &mut String, c: &Cell, width: u32, heading: bool) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if heading || c.look == Look::Head {
        out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EEF4\"/>");
    }
    out.push_str("</w:tcPr><w:p>");
    let align = match c.look {
        Look::Number => Some("right"),
        Look::Mark => Some("center"),
        _ => None,
    };
    if let Some(a) = align {
        let _ = write!(out, "<w:pPr><w:jc w:val=\"{a}\"/></w:pPr>");
    }
    let bold = heading || matches!(c.look, Look::Head | Look::Mark);
    let color = (c.look == Look::Missing).then_some("66788A");
    run(out, &c.lines.join("\n"), bold, color);
    out.push_str("</w:p></w:tc>");
}

/// Column widths (twips) that share `total` by what the columns hold. Each column first gets
/// room for its longest word and its whole heading (Chinese characters count as words of
/// one), then what is left goes to the columns whose lines are longer, up to a
/// sentence's width.
fn column_widths(head: &[Cell], rows: &[crate::report::Row], total: u32) -> Vec<u32> {
    /// Half an em at 10.5 pt, in twips; and a cell's left and right margins.
    const UNIT: u32 = 105;
    const PADDING: u32 = 160;
    let columns = head.len().max(rows.iter().map(|r| r.cells.len()).max().unwrap_or(1)).max(1);
    let units = |text: &str| text.chars().map(|c| if (c as u32) >= 0x2e80 { 2 } else { 1 }).sum::<u32>();
    // The longest piece that cannot break: a word of Latin letters or digits, or one character.
    let word = |text: &str| {
        text.split(|c: char| c.is_whitespace() || (c as u32) >= 0x2e80)
            .map(units)
            .max()
            .unwrap_or(0)
            .max(if text.chars().any(|c| (c as u32) >= 0x2e80) { 2 } else { 0 })
    };
    let (mut least, mut most) = (vec![4u32; columns], vec![4u32; columns]);
    let cells = head
        .iter()
        .map(|c| (true, c))
        .enumerate()
        .chain(rows.iter().flat_map(|r| r.cells.iter().map(|c| (false, c)).enumerate()));
    for (i, (heading, c)) in cells {
        for line in &c.lines {
            // A heading keeps its words whole.
            let whole = if heading { units(line) } else { word(line).min(12) };
            least[i] = least[i].max(whole);
            most[i] = most[i].max(units(line).min(44));
        }
    }
    let twips = |u: u32| (u + 1) * UNIT + PADDING;
    let least: Vec<u32> = least.into_iter().map(twips).collect();
    let most: Vec<u32> = most.iter().zip(&least).map(|(m, l)| twips(*m).max(*l)).collect();
    let (sum_least, sum_most) = (least.iter().sum::<u32>().max(1), most.iter().sum::<u32>().max(1));
    if sum_most <= total {
        return most.iter().map(|m| m * total / sum_most).collect();
    }
    if sum_least >= total {
        return least.iter().map(|l| l * total / sum_least).collect();
    }
    let spare = total - sum_least;
    let extra: u32 = (sum_most - sum_least).max(1);
    least.iter().zip(&most).map(|(l, m)| l + (m - l) * spare / extra).collect()
}

/// The `word/document.xml` of a report.
fn document_xml(r: &Report, picture: Option<&Picture>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>");
    paragraph(&mut out, Some("Title"), false, |o| run(o, &r.title, false, None));
    let text_width = PAGE_W - 2 * MARGIN;
    for block in &r.blocks {
        match block {
            Block::Section { number, heading, .. } => {
                // Each section on a new page, as the printed page does.
                paragraph(&mut out, Some("Heading1"), *number > 1, |o| {
                    run(o, &format!("{number}. {heading}"), false, None)
                });
            }
            Block::Table { head, rows, .. } => {
                let widths = column_widths(head, rows, text_width);
                out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
                for w in &widths {
                    let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
                }
                out.push_str("</w:tblGrid>");
                if !head.is_empty() {
                    // The heading row repeats on every page the table runs over.
                    out.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
                    for (c, w) in head.iter().zip(&widths) {
                        cell(&mut out, c, *w, true);
                    }
                    out.push_str("</w:tr>");
                }
                for row in rows {
                    out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
                    for (c, w) in row.cells.iter().zip(&widths) {
                        cell(&mut out, c, *w, false);
                    }
                    out.push_str("</w:tr>");
                }
                out.push_str("</w:tbl>");
                paragraph(&mut out, None, false, |_| {});
            }
            Block::Paragraph { lead, text, muted } => {
                paragraph(&mut out, muted.then_some("Note"), false, |o| {
                    if !lead.is_empty() {
                        run(o, &format!("{lead}{}", if text.is_empty() { "" } else { ": " }), true, None);
                    }
                    if !text.is_empty() {
                        run(o, text, false, None);
                    }
                });
            }
            Block::List(items) => {
                for item in items {
                    paragraph(&mut out, None, false, |o| run(o, &format!("• {item}"), false, None));
                }
            }
            Block::Flowchart => match picture {
                Some(p) if p.width > 0 && p.height > 0 => {
                    // As wide as the text, no taller than two thirds of the page.
                    let mut cx = text_width as u64 * EMU_PER_TWIP;
                    let mut cy = cx * p.height as u64 / p.width as u64;
                    let max_cy = (PAGE_H as u64 * 2 / 3) * EMU_PER_TWIP;
                    if cy > max_cy {
                        cx = cx * max_cy / cy;
                        cy = max_cy;
                    }
                    let _ = write!(
                        out,
                        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"1\" name=\"Flowchart\"/><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"1\" name=\"flowchart.png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdFlowchart\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
                    );
                }
                _ => paragraph(&mut out, Some("Note"), false, |o| run(o, t(r.lang, "doc.no_picture"), false, None)),
            },
        }
    }
    let _ = write!(
        out,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    out
}

/// The footer: the document's title and "Page n of m".
fn footer_xml(r: &Report) -> String {
    let template = t(r.lang, "doc.page_numbers");
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
    run(&mut out, &format!("{} · ", r.title), false, Some("66788A"));
    // "Page {0} of {1}": the texts as runs, the numbers as fields.
    let mut rest = template;
    while !rest.is_empty() {
        let next = ["{0}", "{1}"].iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min();
        match next {
            Some((i, placeholder)) => {
                if i > 0 {
                    run(&mut out, &rest[..i], false, Some("66788A"));
                }
                let field = if placeholder == "{0}" { "PAGE" } else { "NUMPAGES" };
                let _ = write!(out, "<w:fldSimple w:instr=\" {field} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>");
                rest = &rest[i + 3..];
            }
            None => {
                run(&mut out, rest, false, Some("66788A"));
                rest = "";
            }
        }
    }
    out.push_str("</w:p></w:ftr>");
    out
}

fn core_xml(r: &Report) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>Procmod</dc:creator></cp:coreProperties>",
        esc(&r.title)
    )
}

/// The process document of `doc` in `lang` as a .docx file, with the flowchart picture when
/// one is given.
pub fn docx(doc: &Document, lang: crate::i18n::Lang, picture: Option<&Picture>) -> Result<Vec<u8>, String> {
    let r = crate::report::report(doc, lang);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes().to_vec()),
        ("docProps/core.xml", core_xml(&r).into_bytes()),
        ("word/_rels/document.xml.rels", document_rels(picture.is_some()).into_bytes()),
        ("word/document.xml", document_xml(&r, picture).into_bytes()),
        ("word/styles.xml", STYLES.as_bytes().to_vec()),
        ("word/footer1.xml", footer_xml(&r).into_bytes()),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    if let Some(p) = picture {
        zip.start_file("word/media/flowchart.png", options).map_err(|e| e.to_string())?;
        zip.write_all(&p.png).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}
