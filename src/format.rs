//! How numbers are written for people: one formatter per purpose, used by the panels, the
//! canvas, the messages and the command line alike.
//!
//! * [`figure`]: a measured or computed figure (cycle time, lead time, takt, load): three
//!   significant digits, never fewer digits than its whole part, no trailing zeros. `1.7375`
//!   reads `1.74`, `62.5` reads `62.5`, `1234.6` reads `1235`, `0.00812` reads `0.00812`.
//! * [`percent`]: a fraction as a percentage with the same precision: `0.008` reads `0.8%`,
//!   `0.3333` reads `33.3%`.
//! * [`editable`]: a number put back into an input field: every digit it has, so that leaving
//!   the field unchanged never changes the document.
//!
//! And [`parse`] reads what people type: full-width digits and the Chinese full stop of an IME
//! (`０.５`, `0。5`), a decimal comma, surrounding spaces.

/// Significant digits shown for a figure.
const SIGNIFICANT: i32 = 3;
/// No figure is shown with more decimals than this.
const MAX_DECIMALS: i32 = 6;

/// A figure with three significant digits (see the module documentation).
pub fn figure(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "—".into()
        } else if x > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs().log10().floor() as i32;
    rounded(x, (SIGNIFICANT - 1 - magnitude).clamp(0, MAX_DECIMALS))
}

/// A coordinate in an SVG path or point list: one decimal at most.
pub fn coord(x: f64) -> String {
    rounded(x, 1)
}

/// `x` rounded to `decimals` places and written with the digits that value needs (the shortest
/// text that reads back as the rounded number): one way of writing numbers for the whole app,
/// so that only one float-printing algorithm is built in.
fn rounded(x: f64, decimals: i32) -> String {
    let scale = 10f64.powi(decimals);
    let r = (x * scale).round() / scale;
    trim(format!("{r}"))
}

/// A fraction as a percentage: `0.25` → `25%`.
pub fn percent(fraction: f64) -> String {
    format!("{}%", figure(fraction * 100.0))
}

/// A number for an input field: the shortest text that reads back as the same number.
pub fn editable(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    format!("{x}")
}

/// Drops trailing zeros after the decimal point (and the point itself), and a minus sign on
/// a zero.
fn trim(s: String) -> String {
    let t = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if t == "-0" {
        "0".into()
    } else {
        t.to_string()
    }
}

/// Why typed text is not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not a number at all.
    NotANumber,
    /// Below zero where only zero or more is allowed.
    Negative,
    /// Below the field's minimum (above zero).
    TooSmall,
    /// Above the field's maximum.
    TooLarge,
    /// Not a whole number where only whole numbers are allowed.
    NotWhole,
}

/// What a number box accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
    /// Whole numbers only.
    pub whole: bool,
}

impl Default for Bounds {
    /// Zero or more.
    fn default() -> Self {
        Bounds { min: 0.0, max: f64::MAX, whole: false }
    }
}

/// Reads a number as people type it: half- or full-width digits, `.`, `。` or `．` as the
/// decimal point, an optional sign, spaces around. A comma followed by three digits groups
/// thousands (`1,500`); any other comma is a decimal comma (`1,5`). Empty text is `Ok(None)`:
/// "not set".
pub fn parse(text: &str) -> Result<Option<f64>, ParseError> {
    let mut normal: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '。' | '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            'ｅ' | 'Ｅ' => 'e',
            other => other,
        })
        .collect();
    let groups: Vec<&str> = normal.split(',').collect();
    let thousands = groups.len() > 1
        && groups[1..].iter().enumerate().all(|(i, g)| {
            let digits = g.split('.').next().unwrap_or("");
            digits.len() == 3
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (i + 2 == groups.len() || !g.contains('.'))
        });
    normal = if thousands { normal.replace(',', "") } else { normal.replacen(',', ".", 1) };
    if normal.is_empty() {
        return Ok(None);
    }
    match normal.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(ParseError::NotANumber),
    }
}

/// [`parse`], then checks the value against `bounds`.
pub fn parse_in(text: &str, bounds: Bounds) -> Result<Option<f64>, ParseError> {
    match parse(text)? {
        Some(x) if x < bounds.min => Err(if bounds.min == 0.0 { ParseError::Negative } else { ParseError::TooSmall }),
        Some(x) if x > bounds.max => Err(ParseError::TooLarge),
        Some(x) if bounds.whole && x.fract() != 0.0 => Err(ParseError::NotWhole),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_three_significant_digits_and_every_whole_digit() {
        assert_eq!(figure(1.7375), "1.74");
        assert_eq!(figure(62.0), "62");
        assert_eq!(figure(62.5), "62.5");
        assert_eq!(figure(100.0 / 3.0), "33.3");
        assert_eq!(figure(1234.6), "1235");
        assert_eq!(figure(0.5), "0.5");
        assert_eq!(figure(0.00812), "0.00812");
        assert_eq!(figure(-0.0), "0");
        assert_eq!(figure(-2.5), "-2.5");
        assert_eq!(figure(1e-9), "0");
    }

    #[test]
    fn coordinates_keep_one_decimal() {
        assert_eq!(coord(12.345), "12.3");
        assert_eq!(coord(5.0), "5");
        assert_eq!(coord(-0.04), "0");
    }

    #[test]
    fn small_probabilities_are_not_rounded_away() {
        assert_eq!(percent(0.008), "0.8%");
        assert_eq!(percent(0.9), "90%");
        assert_eq!(percent(1.0 / 3.0), "33.3%");
    }

    #[test]
    fn editable_numbers_read_back_exactly() {
        for x in [0.0, 0.1, 1.0 / 3.0, 12345.678, 1e-7, 2.5] {
            assert_eq!(editable(x).parse::<f64>().unwrap(), x);
        }
        assert_eq!(editable(2.0), "2");
    }

    #[test]
    fn typed_numbers_accept_full_width_digits_and_the_chinese_full_stop() {
        assert_eq!(parse("０.５"), Ok(Some(0.5)));
        assert_eq!(parse("0。5"), Ok(Some(0.5)));
        assert_eq!(parse(" 1,5 "), Ok(Some(1.5)));
        assert_eq!(parse("1,500"), Ok(Some(1500.0)));
        assert_eq!(parse("１，２３４，５６７.５"), Ok(Some(1234567.5)));
        assert_eq!(parse("１２"), Ok(Some(12.0)));
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("abc"), Err(ParseError::NotANumber));
        assert_eq!(parse("inf"), Err(ParseError::NotANumber));
        let upto = |max| Bounds { max, ..Bounds::default() };
        assert_eq!(parse_in("－1", upto(10.0)), Err(ParseError::Negative));
        assert_eq!(parse_in("101", upto(100.0)), Err(ParseError::TooLarge));
        assert_eq!(parse_in("１００", upto(100.0)), Ok(Some(100.0)));
        let people = Bounds { min: 1.0, max: 1e6, whole: true };
        assert_eq!(parse_in("0.5", people), Err(ParseError::TooSmall));
        assert_eq!(parse_in("2.5", people), Err(ParseError::NotWhole));
        assert_eq!(parse_in("１２", people), Ok(Some(12.0)));
        assert_eq!(parse_in("", people), Ok(None));
    }
}
