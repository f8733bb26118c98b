//! The school's signature on its own files. School devices trust each
//! other's files (a backup, a class); a family's file may only propose
//! changes to the school's records (`merge/trust.rs`). Without proof of
//! where a file comes from, a parent could simply write her changes into a
//! file that says «class» or «school». So the school's devices share a
//! **school key** — 32 random bytes, made on the first school device,
//! carried inside the school's own files (backups and class files, never a
//! child's file) and taken by a new school device from the first such file
//! it opens — and every school or class file they write ends with an
//! HMAC-SHA-256 of its text under that key:
//!
//! `{"format":"portfolio-export",…,"data":{…},"mac":"<64 hex digits>"}`
//!
//! The MAC covers every byte before `,"mac":` — the text as written, not a
//! re-serialisation — so any change to the file after it was written breaks
//! it.
//!
//! What it protects: a family's device never holds the key, so a file it
//! writes — or a parent writes by hand — cannot pass for the school's; the
//! teacher's device then takes it as a family's file. What it cannot: whoever
//! holds a school backup or a class file holds the key (it must travel with
//! them, for a new school device to trust the others), and a file of an
//! earlier release has no signature — the teacher decides about those.

use super::format::{Envelope, Scope, SIGNED_VERSION};
use super::merge::Sender;
use super::write::Part;
use crate::stored::{Value, Write, META_STORE};
use crate::util::sha256::{hex, hmac_sha256};

/// Where a school device keeps its key («meta» store), as hex.
pub const KEY_META: &str = "school_key";

/// The school key: made once, on the first school device.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchoolKey(pub [u8; 32]);

impl std::fmt::Debug for SchoolKey {
    /// Never printed whole.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SchoolKey({}…)", &self.to_hex()[..6])
    }
}

impl SchoolKey {
    pub fn from_hex(s: &str) -> Option<SchoolKey> {
        let s = s.trim().as_bytes();
        if s.len() != 64 {
            return None;
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
            *o = digit(pair[0])? << 4 | digit(pair[1])?;
        }
        Some(SchoolKey(out))
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// The write that keeps this key on the device.
    pub fn write(&self) -> Write {
        Write {
            store: META_STORE,
            key: KEY_META.into(),
            value: Some(Value::Text(self.to_hex())),
        }
    }
}

/// Makes `env` — a school or class file — a file of this school: it
/// carries the key and is written as version 5, to be signed. (Other
/// scopes are left as they are: a child's file never carries the key.)
pub fn mark(env: &mut Envelope, key: &SchoolKey) {
    if matches!(env.scope, Scope::School | Scope::Class { .. }) {
        env.data.school_key = Some(key.to_hex());
        env.version = SIGNED_VERSION;
    }
}

/// Whether a file is to be signed (see [`mark`]).
pub fn is_marked(env: &Envelope) -> bool {
    env.data.school_key.is_some()
}

/// The key a file carries, if it carries one that reads.
pub fn carried(env: &Envelope) -> Option<SchoolKey> {
    env.data.school_key.as_deref().and_then(SchoolKey::from_hex)
}

/// The parts of a marked file's text as the signature covers them: without
/// the closing brace, which [`signature_tail`] writes after the MAC.
pub fn open_parts(parts: &mut [Part]) {
    if let Some(Part::Written(last)) = parts.last_mut() {
        if last.ends_with('}') {
            last.pop();
        }
    }
}

const MARK: &str = ",\"mac\":\"";

/// The part of a file's text its signature covers, and the MAC it ends
/// with; `None` when the text does not end with a signature. (Whitespace
/// after the closing brace, as an editor may add, is allowed.)
pub fn signed_part(text: &str) -> Option<(&str, [u8; 32])> {
    let body = text.trim_end();
    let rest = body.strip_suffix("\"}")?;
    let at = rest.len().checked_sub(64 + MARK.len())?;
    if !rest.is_char_boundary(at) || &rest[at..at + MARK.len()] != MARK {
        return None;
    }
    let mac = SchoolKey::from_hex(&rest[at + MARK.len()..])?;
    Some((&rest[..at], mac.0))
}

/// What ends a signed file, after the text the MAC covers (which is the
/// file's JSON without its closing brace).
pub fn signature_tail(mac: &[u8; 32]) -> String {
    format!("{MARK}{}\"}}", hex(mac))
}

/// `text` (a whole file, as the app writes it) signed with `key`.
pub fn sign_text(text: &str, key: &SchoolKey) -> String {
    let body = text.trim_end().strip_suffix('}').unwrap_or(text);
    let mut out = body.to_string();
    out.push_str(&signature_tail(&hmac_sha256(&key.0, body.as_bytes())));
    out
}

/// What a school device makes of a file's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signature {
    /// Made by a device holding this school's key.
    School,
    /// No signature: a file of an earlier release, or one written by hand.
    Missing,
    /// A valid signature by a key that is not this device's: a school device
    /// set up apart from this one — or a key someone made up.
    OtherKey,
    /// The signature does not match the text: the file was changed after it
    /// was written.
    Broken,
}

/// Judges a file's signature from its MAC (`found`), the MAC of the same
/// text under this device's key (`here`), and under the key the file
/// carries (`carried`, when it carries one other than this device's).
pub fn judge(found: Option<[u8; 32]>, here: [u8; 32], carried: Option<[u8; 32]>) -> Signature {
    match found {
        None => Signature::Missing,
        Some(mac) if equal(&mac, &here) => Signature::School,
        Some(mac) if carried.is_some_and(|c| equal(&mac, &c)) => Signature::OtherKey,
        Some(_) => Signature::Broken,
    }
}

/// Compares MACs in time independent of where they differ.
fn equal(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// [`judge`] of a whole text, computing the MACs here (the app computes them
/// with the browser's WebCrypto where it can: faster on large files).
pub fn verify(text: &str, carried: Option<&SchoolKey>, here: &SchoolKey) -> Signature {
    let Some((signed, found)) = signed_part(text) else {
        return Signature::Missing;
    };
    let mac = |k: &SchoolKey| hmac_sha256(&k.0, signed.as_bytes());
    judge(
        Some(found),
        mac(here),
        carried.filter(|c| *c != here).map(mac),
    )
}

/// Who wrote a file, as the device opening it judges — the rule every
/// merge follows:
/// - on a family's device, the teacher's file (a child's file; a school or
///   class file it refuses before this);
/// - on the school's device, a child's file is the family's, always;
/// - a school or class file is the school's when its signature is this
///   school's, or when this device has no key yet (`signature` is `None`:
///   a new device, with nothing of the school to protect; it takes the key
///   from the file); a file without a signature, or signed by another key,
///   when the teacher says it comes from a school device (`confirmed`);
///   otherwise — and always with a broken signature — it is unproven:
///   nothing of it is applied, all it would change is proposed.
pub fn sender(
    scope: &Scope,
    family_device: bool,
    signature: Option<Signature>,
    confirmed: bool,
) -> Sender {
    match scope {
        _ if family_device => Sender::School,
        Scope::Student { .. } => Sender::Family,
        _ => match signature {
            None | Some(Signature::School) => Sender::School,
            Some(Signature::Missing | Signature::OtherKey) if confirmed => Sender::School,
            Some(_) => Sender::Unproven,
        },
    }
}

/// The key a school device takes from a file it merged as the school's:
/// the file's, when the device has none yet (a new school device); `None`
/// — keep what is kept. A device never swaps its key for another (a file
/// the teacher confirmed may still be a made-up one): two devices set up
/// apart keep asking the teacher about each other's files.
pub fn key_after(
    here: Option<&SchoolKey>,
    carried: Option<&SchoolKey>,
    from: Sender,
) -> Option<SchoolKey> {
    match (from, here, carried) {
        (Sender::School, None, Some(c)) => Some(c.clone()),
        _ => None,
    }
}
