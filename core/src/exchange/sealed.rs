//! An export file encrypted with a passphrase: the whole export (its JSON
//! text, UTF-8) encrypted with AES-256-GCM under a key derived from the
//! passphrase by PBKDF2-HMAC-SHA256, wrapped in a small JSON envelope:
//!
//! ```json
//! {"format":"portfolio-export-encrypted","version":1,
//!  "kdf":"PBKDF2-SHA256","iterations":600000,"salt":"<16 bytes, base64>",
//!  "cipher":"AES-256-GCM","nonce":"<12 bytes, base64>",
//!  "data":"<ciphertext with its 16-byte tag, base64>"}
//! ```
//!
//! The cryptography itself runs in the browser (WebCrypto); this module
//! writes and checks the envelope, so a damaged or foreign file is refused
//! with a message before any key is derived. GCM's tag authenticates the
//! data: a wrong passphrase and a single flipped bit both fail to decrypt,
//! and nothing is read from such a file.

use super::error::{ReadError, SealedError, SealedError::Damaged};
use crate::util::base64;
use serde::{Deserialize, Serialize};

pub const SEALED_FORMAT: &str = "portfolio-export-encrypted";
pub const SEALED_VERSION: u32 = 1;
pub const KDF: &str = "PBKDF2-SHA256";
pub const CIPHER: &str = "AES-256-GCM";
/// OWASP's figure for PBKDF2-HMAC-SHA256 (2023–2025).
pub const ITERATIONS: u32 = 600_000;
/// A file asking for more is refused (it would hang the phone).
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_BYTES: usize = 16;
/// GCM's standard 96-bit nonce, fresh and random for every file.
pub const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;
pub const MIN_PASSPHRASE: usize = 8;
/// The export inside may be up to the plain limit; base64 adds a third.
pub const MAX_SEALED_BYTES: usize = super::format::MAX_FILE_BYTES / 3 * 4 + 4096;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SealedFile {
    #[cfg_attr(feature = "schema", schemars(extend("const" = "portfolio-export-encrypted")))]
    pub format: String,
    #[cfg_attr(feature = "schema", schemars(extend("const" = 1)))]
    pub version: u32,
    #[cfg_attr(feature = "schema", schemars(extend("const" = "PBKDF2-SHA256")))]
    pub kdf: String,
    #[cfg_attr(feature = "schema", schemars(range(min = 600_000, max = 10_000_000)))]
    pub iterations: u32,
    /// 16 random bytes, base64.
    pub salt: String,
    #[cfg_attr(feature = "schema", schemars(extend("const" = "AES-256-GCM")))]
    pub cipher: String,
    /// 12 random bytes (GCM's 96-bit nonce), base64.
    pub nonce: String,
    /// The ciphertext followed by GCM's 16-byte tag, base64.
    pub data: String,
}

/// A checked encrypted file, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub nonce: Vec<u8>,
    /// Ciphertext followed by the tag.
    pub data: Vec<u8>,
}

/// The file's text for the encrypted `data`.
pub fn seal(s: &Sealed) -> String {
    serde_json::to_string(&SealedFile {
        format: SEALED_FORMAT.into(),
        version: SEALED_VERSION,
        kdf: KDF.into(),
        iterations: s.iterations,
        salt: base64::encode(&s.salt),
        cipher: CIPHER.into(),
        nonce: base64::encode(&s.nonce),
        data: base64::encode(&s.data),
    })
    .unwrap_or_default()
}

/// Reads and checks an encrypted file's envelope (`exchange::open` calls
/// it for a file whose head says it is encrypted).
pub fn open(text: &str) -> Result<Sealed, ReadError> {
    super::read::within(text, MAX_SEALED_BYTES)?;
    let f: SealedFile = serde_json::from_str(text).map_err(|e| {
        Damaged(if e.is_eof() {
            "он обрывается (скопирован или скачан не полностью)"
        } else {
            "неверная запись заголовка"
        })
    })?;
    if f.format != SEALED_FORMAT {
        return Err(Damaged("нет отметки формата").into());
    }
    if f.version > SEALED_VERSION {
        return Err(SealedError::Newer { version: f.version }.into());
    }
    if f.version != SEALED_VERSION || f.kdf != KDF || f.cipher != CIPHER {
        return Err(SealedError::UnknownMethod {
            kdf: f.kdf,
            cipher: f.cipher,
        }
        .into());
    }
    if !(ITERATIONS..=MAX_ITERATIONS).contains(&f.iterations) {
        return Err(Damaged("недопустимое число итераций").into());
    }
    let salt = base64::decode(&f.salt).filter(|s| s.len() == SALT_BYTES);
    let nonce = base64::decode(&f.nonce).filter(|n| n.len() == NONCE_BYTES);
    let data = base64::decode(&f.data).filter(|d| d.len() >= TAG_BYTES);
    match (salt, nonce, data) {
        (Some(salt), Some(nonce), Some(data)) => Ok(Sealed {
            iterations: f.iterations,
            salt,
            nonce,
            data,
        }),
        (None, _, _) => Err(Damaged("неверная «соль»").into()),
        (_, None, _) => Err(Damaged("неверный одноразовый номер").into()),
        _ => Err(Damaged("данные не в формате base64").into()),
    }
}

/// What is wrong with a passphrase chosen for a file, if anything.
pub fn passphrase_problem(pass: &str, again: &str) -> Option<String> {
    if pass.chars().count() < MIN_PASSPHRASE {
        Some(format!(
            "Пароль должен быть не короче {MIN_PASSPHRASE} символов."
        ))
    } else if pass != again {
        Some("Пароли не совпадают.".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sealed {
        Sealed {
            iterations: ITERATIONS,
            salt: (0..16).collect(),
            nonce: (100..112).collect(),
            data: (0..40).collect(),
        }
    }

    #[test]
    fn envelope_round_trips_and_is_recognised() {
        use crate::exchange::Opened;
        let text = seal(&sample());
        assert!(matches!(crate::exchange::open(&text), Ok(Opened::Sealed(s)) if s == sample()));
        assert!(crate::exchange::open(r#"{"format":"portfolio-export","version":1}"#).is_err());
        assert!(crate::exchange::open("not json").is_err());
        assert_eq!(open(&text).unwrap(), sample());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["iterations"], 600_000);
        assert_eq!(v["kdf"], "PBKDF2-SHA256");
        assert_eq!(v["cipher"], "AES-256-GCM");
    }

    #[test]
    fn damaged_envelopes_are_refused_with_a_reason() {
        let good: serde_json::Value = serde_json::from_str(&seal(&sample())).unwrap();
        let with = |k: &str, v: serde_json::Value| {
            let mut x = good.clone();
            x[k] = v;
            open(&x.to_string()).unwrap_err().to_string()
        };
        assert!(with("version", 2.into()).contains("более новой версией"));
        assert!(with("cipher", "AES-128-CBC".into()).contains("неизвестным способом"));
        assert!(with("iterations", 1000.into()).contains("число итераций"));
        assert!(with("iterations", 4_000_000_000u32.into()).contains("число итераций"));
        assert!(with("salt", "AAAA".into()).contains("соль"));
        assert!(with("nonce", base64::encode(&[0; 16]).into()).contains("одноразовый"));
        assert!(with("data", "@@".into()).contains("base64"));
        assert!(with("data", "AAAA".into()).contains("base64"));
        let text = seal(&sample());
        assert!(open(&text[..text.len() / 2])
            .unwrap_err()
            .to_string()
            .contains("обрывается"));
        let huge = " ".repeat(MAX_SEALED_BYTES + 1) + &text;
        assert!(open(&huge)
            .unwrap_err()
            .to_string()
            .starts_with("Файл слишком большой"));
        assert!(open(&text.replace("\"kdf\"", "\"kdf2\""))
            .unwrap_err()
            .to_string()
            .starts_with("Зашифрованный файл повреждён"));
    }

    #[test]
    fn passphrases() {
        assert!(passphrase_problem("коротко", "коротко")
            .unwrap()
            .contains("не короче 8"));
        assert_eq!(
            passphrase_problem("олень-тундра", "олень-тундрa").as_deref(),
            Some("Пароли не совпадают.")
        );
        assert_eq!(passphrase_problem("олень-тундра", "олень-тундра"), None);
    }
}
