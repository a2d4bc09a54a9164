//! Exact numbers: cty numbers are arbitrary-precision decimals, so they are kept as canonical text.
//!
//! The canonical form is plain decimal notation without exponent, without a `+` sign, leading zeros
//! or trailing fractional zeros, and `0` for zero (never `-0`): `1.0`, `+1`, `1e0` and `10e-1` all
//! become `1`; `1.50` becomes `1.5`; `1.5e-3` becomes `0.0015`. Two numbers are equal exactly when
//! their values are equal. Ordering (`Ord`) compares numerically.
//!
//! Like cty's, a number may also be positive or negative infinity (written `+Inf` and `-Inf`, as
//! Terraform shows them): msgpack carries them as floats, JSON cannot carry them at all. Decimal
//! text never parses to an infinity; only [`Number::from_f64`] and the constants make one.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use num_bigint::BigUint;

/// Canonical texts longer than this are refused, so hostile input such as `1e999999999` cannot
/// make the codec allocate without bound. The exact expansion of any `f64` fits easily.
const MAX_CANONICAL_LEN: usize = 20_000;

/// The text of positive infinity.
const POSITIVE_INFINITY: &str = "+Inf";
/// The text of negative infinity.
const NEGATIVE_INFINITY: &str = "-Inf";

/// An arbitrary-precision decimal number, kept as its canonical decimal text (e.g. `-12.5`, `1e+400`
/// is normalised by the codec), or an infinity. Integers of any size and floats round-trip without
/// loss.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Number(String);

/// Text that is not a finite decimal number, or a float that is NaN.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NumberError(String);

impl Number {
    /// Parses decimal text such as `42`, `-1.25`, `+3`, `.5`, `6.02e23`. Infinity, NaN, hex and
    /// whitespace are refused.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        canonicalise(text).map(Number)
    }

    /// The integer `n`.
    pub fn from_i64(n: i64) -> Number {
        Number(n.to_string())
    }

    /// The unsigned integer `n`.
    pub fn from_u64(n: u64) -> Number {
        Number(n.to_string())
    }

    /// The exact value of a float (e.g. `0.5` → `0.5`; the double nearest 0.1 keeps all its
    /// digits, so it encodes back to the very same double); infinities stay infinite. NaN, which
    /// cty has no number for, is refused.
    pub fn from_f64(f: f64) -> Result<Number, NumberError> {
        match f {
            f64::INFINITY => Ok(Number::positive_infinity()),
            f64::NEG_INFINITY => Ok(Number::negative_infinity()),
            f => exact_float_text(f).map(Number),
        }
    }

    /// Positive infinity (`+Inf`).
    pub fn positive_infinity() -> Number {
        Number(POSITIVE_INFINITY.to_string())
    }

    /// Negative infinity (`-Inf`).
    pub fn negative_infinity() -> Number {
        Number(NEGATIVE_INFINITY.to_string())
    }

    /// Whether this is positive or negative infinity.
    pub fn is_infinite(&self) -> bool {
        self.0 == POSITIVE_INFINITY || self.0 == NEGATIVE_INFINITY
    }

    /// The canonical decimal text (`+Inf` or `-Inf` for the infinities).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as `i64` if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// The value as `u64` if it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        if self.is_integer() {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// The nearest `f64` (correctly rounded; huge values become infinite).
    pub fn as_f64(&self) -> f64 {
        match self.0.as_str() {
            POSITIVE_INFINITY => f64::INFINITY,
            NEGATIVE_INFINITY => f64::NEG_INFINITY,
            text => text.parse().unwrap_or(f64::NAN),
        }
    }

    /// Whether the value is a whole number (infinities are not).
    pub fn is_integer(&self) -> bool {
        !self.0.contains('.') && !self.is_infinite()
    }

    /// Whether the value is below zero (negative infinity included).
    pub fn is_negative(&self) -> bool {
        self.0.starts_with('-')
    }

    /// True when the value is exactly representable as an `f64`, infinities included (cty then
    /// sends it as a float).
    pub fn is_exact_f64(&self) -> bool {
        if self.is_infinite() {
            return true;
        }
        let f = self.as_f64();
        f.is_finite() && exact_float_text(f).is_ok_and(|t| t == self.0)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Number {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Number::parse(s)
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Number {
                Number(n.to_string())
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, usize, isize);

impl TryFrom<f64> for Number {
    type Error = NumberError;
    fn try_from(f: f64) -> Result<Self, Self::Error> {
        Number::from_f64(f)
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    /// Numeric order, with the infinities beyond every finite number.
    fn cmp(&self, other: &Self) -> Ordering {
        let rank = |n: &Number| match n.0.as_str() {
            NEGATIVE_INFINITY => 0,
            POSITIVE_INFINITY => 2,
            _ => 1,
        };
        match (rank(self), rank(other)) {
            (1, 1) => {}
            (a, b) => return a.cmp(&b),
        }
        match (self.is_negative(), other.is_negative()) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => cmp_magnitude(&self.0, &other.0),
            (true, true) => cmp_magnitude(&other.0[1..], &self.0[1..]),
        }
    }
}

/// Compares two canonical non-negative texts by value.
fn cmp_magnitude(a: &str, b: &str) -> Ordering {
    let (ai, af) = a.split_once('.').unwrap_or((a, ""));
    let (bi, bf) = b.split_once('.').unwrap_or((b, ""));
    ai.len()
        .cmp(&bi.len())
        .then_with(|| ai.cmp(bi))
        .then_with(|| af.cmp(bf))
}

/// Parses decimal text into the canonical form described in the module docs.
fn canonicalise(text: &str) -> Result<String, NumberError> {
    let bad = || NumberError(format!("{text:?} is not a decimal number"));
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.len() + frac_part.len() == 0 || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(bad());
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => parse_exponent(e).ok_or_else(bad)?,
    };

    let digits: String = int_part.chars().chain(frac_part.chars()).collect();
    let leading = digits.bytes().take_while(|&b| b == b'0').count();
    let significant = digits[leading..].trim_end_matches('0');
    if significant.is_empty() {
        return Ok("0".to_string());
    }
    // The decimal point sits `point` digits after the start of `significant`.
    let point = int_part.len() as i64 - leading as i64 + exponent;
    let n = significant.len() as i64;
    let len = if point <= 0 {
        n - point + 2
    } else {
        n.max(point) + 1
    };
    if len > MAX_CANONICAL_LEN as i64 {
        return Err(NumberError(format!(
            "{text:?} has too many digits to keep exactly"
        )));
    }
    let mut out = String::with_capacity(len as usize + 1);
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(significant);
    } else if point >= n {
        out.push_str(significant);
        out.extend(std::iter::repeat_n('0', (point - n) as usize));
    } else {
        out.push_str(&significant[..point as usize]);
        out.push('.');
        out.push_str(&significant[point as usize..]);
    }
    Ok(out)
}

/// Parses an exponent, saturating far beyond any length we would accept.
fn parse_exponent(e: &str) -> Option<i64> {
    let (negative, digits) = match e.as_bytes().first() {
        Some(b'-') => (true, &e[1..]),
        Some(b'+') => (false, &e[1..]),
        _ => (false, e),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(b - b'0'))
            .min(1 << 40)
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// The exact decimal expansion of a finite double: `m × 2^e` is `m × 5^-e / 10^-e` when `e < 0`.
fn exact_float_text(f: f64) -> Result<String, NumberError> {
    if !f.is_finite() {
        return Err(NumberError(format!("{f} is not a finite number")));
    }
    if f == 0.0 {
        return Ok("0".to_string());
    }
    let bits = f.to_bits();
    let negative = bits >> 63 == 1;
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    let sign = if negative { "-" } else { "" };
    let text = if exponent >= 0 {
        format!("{sign}{}", BigUint::from(mantissa) << exponent as usize)
    } else {
        let scaled = BigUint::from(mantissa) * BigUint::from(5u32).pow((-exponent) as u32);
        format!("{sign}{scaled}e{exponent}")
    };
    canonicalise(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        Number::parse(s).unwrap().as_str().to_string()
    }

    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("1.0", "1"),
            ("1", "1"),
            ("+1", "1"),
            ("-0", "0"),
            ("-0.000", "0"),
            ("007", "7"),
            ("1.50", "1.5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1e3", "1000"),
            ("1E+3", "1000"),
            ("10e-1", "1"),
            ("1.5e-3", "0.0015"),
            ("-12.5", "-12.5"),
            ("0e999999999999999999999", "0"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
        ] {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    #[test]
    fn rejects_non_numbers() {
        for input in [
            "",
            "-",
            "+",
            ".",
            "e1",
            "1e",
            "1e+",
            "abc",
            "1.2.3",
            " 1",
            "1 ",
            "Inf",
            "NaN",
            "0x10",
            "1_000",
            "--1",
            "1e99999999999",
        ] {
            assert!(Number::parse(input).is_err(), "{input:?}");
        }
    }

    #[test]
    fn accessors() {
        let n = Number::from_i64(-42);
        assert_eq!(n.as_i64(), Some(-42));
        assert_eq!(n.as_u64(), None);
        assert_eq!(n.as_f64(), -42.0);
        assert_eq!(n.to_string(), "-42");
        let big = Number::from_u64(u64::MAX);
        assert_eq!(big.as_i64(), None);
        assert_eq!(big.as_u64(), Some(u64::MAX));
        assert_eq!(Number::parse("1.5").unwrap().as_i64(), None);
        assert_eq!(Number::parse("1.5").unwrap().as_f64(), 1.5);
    }

    #[test]
    fn floats_are_exact() {
        assert_eq!(Number::from_f64(0.5).unwrap().as_str(), "0.5");
        assert_eq!(Number::from_f64(-2.0).unwrap().as_str(), "-2");
        assert_eq!(
            Number::from_f64(1e20).unwrap().as_str(),
            "100000000000000000000"
        );
        assert_eq!(
            Number::from_f64(0.1).unwrap().as_str(),
            "0.1000000000000000055511151231257827021181583404541015625"
        );
        assert!(Number::from_f64(f64::NAN).is_err());
        for f in [f64::MIN_POSITIVE, 5e-324, f64::MAX, -1.0 / 3.0, 123.456] {
            let n = Number::from_f64(f).unwrap();
            assert_eq!(n.as_f64(), f);
            assert!(n.is_exact_f64());
        }
        assert!(!Number::parse("0.1").unwrap().is_exact_f64());
    }

    #[test]
    fn numeric_order() {
        let mut v: Vec<Number> = ["10", "-1", "2.5", "-10.5", "0", "2.25", "100"]
            .iter()
            .map(|s| Number::parse(s).unwrap())
            .chain([Number::positive_infinity(), Number::negative_infinity()])
            .collect();
        v.sort();
        let got: Vec<&str> = v.iter().map(Number::as_str).collect();
        assert_eq!(
            got,
            ["-Inf", "-10.5", "-1", "0", "2.25", "2.5", "10", "100", "+Inf"]
        );
    }

    #[test]
    fn infinities_come_only_from_floats_and_are_no_integers() {
        let up = Number::from_f64(f64::INFINITY).unwrap();
        let down = Number::from_f64(f64::NEG_INFINITY).unwrap();
        assert_eq!((up.as_str(), down.as_str()), ("+Inf", "-Inf"));
        assert_eq!(
            (up.as_f64(), down.as_f64()),
            (f64::INFINITY, f64::NEG_INFINITY)
        );
        assert!(up.is_infinite() && down.is_infinite() && down.is_negative());
        assert!(up.is_exact_f64() && !up.is_integer());
        assert_eq!((up.as_i64(), up.as_u64()), (None, None));
        assert!(!Number::from_i64(1).is_infinite());
        for text in ["+Inf", "-Inf", "inf", "Infinity"] {
            assert!(Number::parse(text).is_err(), "{text}");
        }
    }
}
