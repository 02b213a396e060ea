//! Compact JSON text, byte for byte what `serde_json::to_string` writes,
//! from a serializer built for size rather than speed.
//!
//! serde_json's serializer writes through `io::Write` and inlines a key
//! writer, a comma state machine and an `io::Error` conversion into every
//! field of every derived `Serialize`: for the report (decoded headers,
//! findings, comparisons) that came to tens of KB of wasm. Here each field
//! costs one call to a shared key writer and one to the value's own
//! `serialize`; writing to a `String` cannot fail. The page and the worker
//! write all their JSON through [`to_string`]; native tests check it against
//! serde_json over the whole corpus.

use std::fmt::{self, Display, Write as _};

use serde::ser::{self, Serialize};

/// `value` as compact JSON, exactly as `serde_json::to_string` writes it;
/// "" when the value cannot be JSON (a map key that is no string or number),
/// where serde_json gives an error.
#[must_use]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut writer = Writer::default();
    match value.serialize(&mut writer) {
        Ok(()) => writer.out,
        Err(Unwritable) => String::new(),
    }
}

/// Why a value could not be written: serde's serializers must say, and
/// [`to_string`] only needs to know that it failed.
#[derive(Debug)]
pub struct Unwritable;

impl Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value cannot be written as JSON")
    }
}

impl std::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: Display>(_: T) -> Self {
        Self
    }
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Writing an object key: scalars are quoted, anything else fails
    /// (serde_json's rules for map keys).
    key: bool,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Writer {
    #[inline(never)]
    fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            // `i` is an ASCII byte: always a char boundary.
            self.out.push_str(s.get(start..i).unwrap_or_default());
            if escape.is_empty() {
                self.out.push_str("\\u00");
                for nibble in [b >> 4, b & 0xf] {
                    let digit = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
                    self.out.push(char::from(digit));
                }
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(s.get(start..).unwrap_or_default());
        self.out.push('"');
    }

    /// A number or boolean: quoted when it is a map key.
    #[inline(never)]
    fn scalar(&mut self, text: &str) {
        if self.key {
            self.out.push('"');
            self.out.push_str(text);
            self.out.push('"');
        } else {
            self.out.push_str(text);
        }
    }

    #[inline(never)]
    fn unsigned(&mut self, n: u64, negative: bool) {
        let mut digits = [0u8; 21];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                // A digit: `n % 10` < 10.
                #[allow(clippy::cast_possible_truncation)]
                {
                    *d = b'0' + (n % 10) as u8;
                }
            }
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if negative {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'-';
            }
        }
        let text = std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default();
        self.scalar(text);
    }

    /// Fails for what cannot be an object key.
    #[inline(never)]
    fn not_key(&self) -> Result<(), Unwritable> {
        if self.key {
            Err(Unwritable)
        } else {
            Ok(())
        }
    }

    #[inline(never)]
    fn open(&mut self, bracket: char) -> Result<Compound<'_>, Unwritable> {
        self.not_key()?;
        self.out.push(bracket);
        Ok(Compound {
            writer: self,
            first: true,
            variant: false,
        })
    }

    /// `{"variant":`, the outer object of an enum variant with data.
    #[inline(never)]
    fn variant(&mut self, variant: &str) -> Result<(), Unwritable> {
        self.not_key()?;
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
        Ok(())
    }

    /// `{"variant":` then `bracket`: `end` closes both.
    fn open_variant(&mut self, variant: &str, bracket: char) -> Result<Compound<'_>, Unwritable> {
        self.variant(variant)?;
        let mut inner = self.open(bracket)?;
        inner.variant = true;
        Ok(inner)
    }

    fn float(&mut self, text: Option<String>) {
        match text {
            Some(text) => self.scalar(&text),
            None => self.out.push_str("null"),
        }
    }
}

/// An array or object being written.
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    /// Inside `{"variant": …}`, which `end` closes too.
    variant: bool,
}

impl Compound<'_> {
    #[inline(never)]
    fn comma(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    #[inline(never)]
    fn field(&mut self, key: &str) {
        self.comma();
        self.writer.string(key);
        self.writer.out.push(':');
    }

    #[inline(never)]
    fn close(self, bracket: char) {
        self.writer.out.push(bracket);
        if self.variant {
            self.writer.out.push('}');
        }
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Unwritable> {
        self.scalar(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unwritable> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unwritable> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unwritable> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unwritable> {
        self.unsigned(v.unsigned_abs(), v < 0);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Unwritable> {
        self.scalar(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unwritable> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unwritable> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unwritable> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unwritable> {
        self.unsigned(v, false);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Unwritable> {
        self.scalar(&v.to_string());
        Ok(())
    }
    // Floats through serde_json itself: its shortest round-trip digits are
    // the contract, and a float alone instantiates little of it.
    fn serialize_f32(self, v: f32) -> Result<(), Unwritable> {
        if self.key && !v.is_finite() {
            return Err(Unwritable);
        }
        self.float(
            v.is_finite()
                .then(|| serde_json::to_string(&v).unwrap_or_default()),
        );
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unwritable> {
        if self.key && !v.is_finite() {
            return Err(Unwritable);
        }
        self.float(
            v.is_finite()
                .then(|| serde_json::to_string(&v).unwrap_or_default()),
        );
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unwritable> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unwritable> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unwritable> {
        let mut seq = self.open('[')?;
        for b in v {
            seq.comma();
            seq.writer.unsigned(u64::from(*b), false);
        }
        seq.close(']');
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Unwritable> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unwritable> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unwritable> {
        self.not_key()?;
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unwritable> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Unwritable> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        self.variant(variant)?;
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Unwritable> {
        self.open('[')
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Unwritable> {
        self.open('[')
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unwritable> {
        self.open('[')
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unwritable> {
        self.open_variant(variant, '[')
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Unwritable> {
        self.open('{')
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unwritable> {
        self.open('{')
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unwritable> {
        self.open_variant(variant, '{')
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Unwritable> {
        let mut text = String::new();
        write!(text, "{value}").map_err(|_| Unwritable)?;
        self.string(&text);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        self.comma();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unwritable> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unwritable> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unwritable> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unwritable> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unwritable> {
        self.comma();
        self.writer.key = true;
        let written = key.serialize(&mut *self.writer);
        self.writer.key = false;
        self.writer.out.push(':');
        written
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unwritable> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        self.field(key);
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unwritable> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Unwritable> {
        ser::SerializeStruct::end(self)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::json;

    use super::to_string;

    fn same<T: Serialize + ?Sized>(value: &T) {
        assert_eq!(to_string(value), serde_json::to_string(value).unwrap());
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<u8>, b: Vec<bool> },
    }

    #[derive(Serialize)]
    struct Flat {
        x: u8,
        #[serde(flatten)]
        rest: BTreeMap<String, i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        empty: Vec<u8>,
        tuple: (u8, char),
        #[serde(with = "serde_bytes_like")]
        bytes: Vec<u8>,
    }

    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        same("plain \"quoted\" \\ back\nline\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} é 日本 😀");
        same(&[i64::MIN, -1, 0, 7, i64::MAX]);
        same(&[u64::MAX, 10, 100]);
        same(&[0.0, -0.0, 1.5, 1e300, 3.0e-7, f64::NAN, f64::INFINITY]);
        same(&[1.5f32, 0.1f32]);
        same(&(i128::MIN, u128::MAX));
        same(&[
            Shape::Unit,
            Shape::Newtype(3),
            Shape::Tuple(-2, "x".into()),
            Shape::Struct {
                a: None,
                b: vec![true, false],
            },
        ]);
        same(&Flat {
            x: 1,
            rest: [("k".to_owned(), -4), ("j\"".to_owned(), 5)].into(),
            skipped: None,
            empty: Vec::new(),
            tuple: (9, '"'),
            bytes: vec![0, 255],
        });
        let numbered: BTreeMap<u32, bool> = [(1, true), (20, false)].into();
        same(&numbered);
        let signed: BTreeMap<i8, ()> = [(-1, ())].into();
        same(&signed);
        let flags: BTreeMap<bool, char> = [(true, 'x')].into();
        same(&flags);
        same(&json!({"a": [1, -2, 2.5, null, {"b": "c"}], "d": {}, "e": [], "f": true}));
        same(&Some(Some(())));
    }

    #[test]
    fn keys_that_json_cannot_hold_fail_like_serde_json() {
        let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(serde_json::to_string(&bad).is_err());
        assert_eq!(to_string(&bad), "");
        let nan: BTreeMap<String, f64> = [("n".to_owned(), f64::NAN)].into();
        same(&nan);
    }
}
