//! Building blocks for the report's `parsed` values, serialized straight
//! into the report's writer. Building them as `serde_json::Value` trees with
//! `json!` instantiated a map insert per key and a second serializer
//! (`to_value`) for every type, which cost the wasm tens of KB.

use std::fmt::Display;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// `Ok` as itself, `Err` as `{"error": …}`: a value that may fail to read.
pub struct OrError<T, E>(pub Result<T, E>);

impl<T: Serialize, E: Serialize> Serialize for OrError<T, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(value) => value.serialize(serializer),
            Err(error) => ErrorJson(error).serialize(serializer),
        }
    }
}

/// `{"error": …}`.
pub struct ErrorJson<E>(pub E);

impl<E: Serialize> Serialize for ErrorJson<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("Error", 1)?;
        map.serialize_field("error", &self.0)?;
        map.end()
    }
}

/// `{"offset": n, "message": "…"}`, as the report's warnings and errors
/// use; the message is written through `Display`, with no string built.
pub struct Located<M> {
    /// Byte offset into the value.
    pub offset: usize,
    /// What is wrong there.
    pub message: M,
}

impl<M: Display> Serialize for Located<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("Located", 2)?;
        map.serialize_field("offset", &self.offset)?;
        map.serialize_field("message", &Text(&self.message))?;
        map.end()
    }
}

/// A `Display` value written as a JSON string.
pub struct Text<'a, T>(pub &'a T);

impl<T: Display> Serialize for Text<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// `{"length": n, "prefix": "…"}`: a secret shown by its length and at
/// most four leading characters, fewer for short values so that the whole
/// value is never revealed (at most half of it shows).
pub struct Prefixed<'a>(pub &'a str);

impl Serialize for Prefixed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let chars = self.0.chars().count();
        let shown = (chars / 2).min(4);
        let end = self
            .0
            .char_indices()
            .nth(shown)
            .map_or(self.0.len(), |(i, _)| i);
        let mut map = serializer.serialize_struct("Prefixed", 2)?;
        map.serialize_field("length", &self.0.len())?;
        map.serialize_field("prefix", self.0.get(..end).unwrap_or_default())?;
        map.end()
    }
}

/// `<redacted: N bytes>`, the one form every secret takes in output.
pub struct Redacted<'a>(pub &'a str);

impl Serialize for Redacted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("<redacted: {} bytes>", self.0.len()))
    }
}

/// A set of names. Held in a JSON object's map: the wasm already carries
/// that map's code for the values it reads, where a `HashSet` brought a
/// second table and a hasher.
#[derive(Default)]
pub(crate) struct NameSet(serde_json::Map<String, serde_json::Value>);

impl NameSet {
    /// Adds `name`; false when it was there already.
    pub(crate) fn insert(&mut self, name: String) -> bool {
        self.0.insert(name, serde_json::Value::Null).is_none()
    }
}

/// The JSON value of `value`, for the `to_json` functions that tests and
/// callers outside the report use; the report itself never builds one.
pub(crate) fn to_value<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// The shapes the report's `parsed` values keep (contracts.md fixes the
/// `WWW-Authenticate` one), over the shared corpus.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use serde_json::Value;

    use crate::testing::corpus_path;

    fn vectors(relative: &str) -> Vec<Value> {
        let text = std::fs::read_to_string(corpus_path(relative)).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn keys(value: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {value}"))
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys
    }

    fn is_located(value: &Value) -> bool {
        keys(value) == ["message", "offset"]
            && value["offset"].is_u64()
            && value["message"].is_string()
    }

    /// `{"error": {"offset", "message"}}`.
    fn is_error(value: &Value) -> bool {
        keys(value) == ["error"] && is_located(&value["error"])
    }

    #[test]
    fn challenges_keep_the_contract_shape() {
        let mut read = 0;
        for vector in vectors("challenges/vectors.json") {
            let Some(header) = vector["header"].as_str() else {
                continue;
            };
            let json = super::super::parsed("WWW-Authenticate", header).unwrap();
            if is_error(&json) {
                continue;
            }
            assert_eq!(
                keys(&json),
                ["challenges", "warnings"],
                "{header:?}: {json}"
            );
            for challenge in json["challenges"].as_array().unwrap() {
                assert_eq!(keys(challenge), ["params", "scheme", "token68"], "{json}");
                assert!(challenge["scheme"].is_string(), "{json}");
                assert!(challenge["token68"].is_string() || challenge["token68"].is_null());
                for param in challenge["params"].as_array().unwrap() {
                    let pair = param.as_array().unwrap();
                    assert!(
                        pair.len() == 2 && pair.iter().all(Value::is_string),
                        "{json}"
                    );
                }
            }
            assert!(json["warnings"].as_array().unwrap().iter().all(is_located));
            read += 1;
        }
        assert!(read > 0, "no challenge vector was read");
    }

    #[test]
    fn credentials_keep_their_shape_and_hide_secrets() {
        for vector in vectors("authorization/vectors.json") {
            let Some(header) = vector["header"].as_str() else {
                continue;
            };
            let json = super::super::parsed("Authorization", header).unwrap();
            if is_error(&json) {
                continue;
            }
            assert_eq!(
                keys(&json),
                ["decoded", "params", "scheme", "token68", "warnings"],
                "{header:?}: {json}"
            );
            let token68 = &json["token68"];
            assert!(
                token68.is_null() || token68.as_str().unwrap().starts_with("<redacted: "),
                "{json}"
            );
            assert!(json["warnings"].as_array().unwrap().iter().all(is_located));
            let decoded = &json["decoded"];
            assert!(decoded.is_null() || decoded.is_object(), "{json}");
        }
    }

    #[test]
    fn cookies_keep_their_shape() {
        for vector in vectors("cookies/vectors.json") {
            for line in vector["set_cookie"].as_array().into_iter().flatten() {
                let json = super::super::parsed("Set-Cookie", line.as_str().unwrap()).unwrap();
                if keys(&json) == ["error"] {
                    assert_eq!(keys(&json["error"]), ["kind", "message", "span"], "{json}");
                    continue;
                }
                assert!(keys(&json).contains(&"attributes"), "{json}");
                assert_eq!(keys(&json["value"]), ["length", "prefix"], "{json}");
            }
        }
    }

    /// The report writes each header's `parsed` through the same decoders
    /// as [`super::super::parsed`], `null` where there is none.
    #[test]
    fn report_embeds_the_same_parsed_values() {
        let mut seen = 0;
        for entry in std::fs::read_dir(corpus_path("paste")).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let report = crate::diagnose(&bytes, &crate::Options::default());
            let json: Value = serde_json::from_str(&report.to_json()).unwrap();
            let messages = json["exchanges"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|exchange| [&exchange["request"], &exchange["response"]]);
            for header in messages.flat_map(|m| m["headers"].as_array().into_iter().flatten()) {
                let (name, value) = (
                    header["name"].as_str().unwrap(),
                    header["value"].as_str().unwrap(),
                );
                let want = super::super::parsed(name, value).unwrap_or(Value::Null);
                assert_eq!(header["parsed"], want, "{name}: {value}");
                seen += usize::from(!want.is_null());
            }
        }
        assert!(seen > 0, "no decoded header in the paste corpus");
    }
}
