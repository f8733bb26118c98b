//! «Подтверждающие документы» (П1 §3.3.2, §4.3; П2 §4.7–4.8): scans and
//! photos of diplomas and other files that show a result, attached to an
//! achievement. The record keeps what a document is; its bytes live apart in
//! storage, keyed by the document's id and checked against its SHA-256.
//!
//! A file is recognised by its content, never by its name or the browser's
//! MIME claim: an SVG or an HTML page opened from a `blob:` URL would run
//! script with access to the portfolio, so such files are refused.

use crate::records::catalogue::{participant_place_id, CatalogueKind, Catalogues};
use crate::util::id::{Id, Revision};
use crate::util::sha256::sha256_hex;
use crate::util::text::clean;
use crate::util::validation::{FieldErrors, MAX_SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod sniff;

pub use sniff::{sniff, FileType, ACCEPTED};

/// Largest file accepted for reading (before photos are shrunk).
pub const MAX_INPUT_BYTES: u64 = 50 * 1024 * 1024;
/// Largest file kept, after processing.
pub const MAX_STORED_BYTES: u64 = 15 * 1024 * 1024;
/// Photos are shrunk so that their longest side is at most this.
pub const MAX_SIDE: u32 = 2000;
/// Longest side of a thumbnail (twice its size on screen, for sharp phones).
pub const THUMB_SIDE: u32 = 240;
/// JPEG quality for shrunk photos: text on a diploma stays legible.
pub const PHOTO_QUALITY: f64 = 0.85;
pub const THUMB_QUALITY: f64 = 0.7;
/// Images up to `MAX_SIDE` larger than this are re-encoded too.
const REENCODE_ABOVE: u64 = 2 * 1024 * 1024;
/// The most documents one achievement may hold.
pub const MAX_DOCUMENTS: usize = 20;

/// What to do with a decoded image before storing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Store the file as it came.
    Keep,
    /// Re-encode as JPEG at this size.
    Reencode { width: u32, height: u32 },
}

/// `width`×`height` scaled down (never up) to fit a `side`×`side` square.
pub fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= side || longest == 0 {
        return (width.max(1), height.max(1));
    }
    let scale =
        |x: u32| ((x as u64 * side as u64 + longest as u64 / 2) / longest as u64).max(1) as u32;
    (scale(width), scale(height))
}

/// Photos are shrunk to `MAX_SIDE`; HEIC and AVIF, which many browsers
/// cannot show, and very heavy pictures are re-encoded as JPEG. With
/// `keep_original` the user chose to store the file as it is.
pub fn plan(t: FileType, width: u32, height: u32, len: u64, keep_original: bool) -> Plan {
    if keep_original {
        return Plan::Keep;
    }
    let (w, h) = fit(width, height, MAX_SIDE);
    let shrink = (w, h) != (width, height);
    if shrink || matches!(t, FileType::Heic | FileType::Avif) || len > REENCODE_ABOVE {
        Plan::Reencode {
            width: w,
            height: h,
        }
    } else {
        Plan::Keep
    }
}

/// A file about to be stored is not too large.
pub fn check_size(len: u64) -> Result<(), String> {
    if len > MAX_STORED_BYTES {
        Err(format!(
            "файл слишком большой ({}), можно не больше {}. Сохраните его с меньшим разрешением или разделите",
            format_size(len),
            format_size(MAX_STORED_BYTES)
        ))
    } else {
        Ok(())
    }
}

/// A picked file is not too large to read at all.
pub fn check_input_size(len: u64) -> Result<(), String> {
    if len > MAX_INPUT_BYTES {
        Err(format!(
            "файл слишком большой ({}), можно не больше {}",
            format_size(len),
            format_size(MAX_INPUT_BYTES)
        ))
    } else {
        Ok(())
    }
}

/// «1,5 МБ», with integer arithmetic only.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "ГБ"), (1 << 20, "МБ"), (1 << 10, "КБ")];
    for (size, unit) in UNITS {
        if bytes >= size {
            let tenths = (bytes * 10 + size / 2) / size;
            return match tenths % 10 {
                0 => format!("{} {unit}", tenths / 10),
                d => format!("{},{d} {unit}", tenths / 10),
            };
        }
    }
    format!("{bytes} Б")
}

/// One confirming document attached to an achievement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    pub id: Id,
    /// Вид документа (catalogue «Виды документов»).
    pub kind_id: Id,
    #[serde(default)]
    pub caption: String,
    /// The file's name as it was picked.
    #[serde(default)]
    pub name: String,
    pub file_type: FileType,
    pub size: u64,
    /// SHA-256 of the stored bytes, hex.
    pub sha256: String,
    /// Pixels, for images; 0 otherwise.
    #[serde(default)]
    pub width: u32,
    #[serde(default)]
    pub height: u32,
    /// A thumbnail is stored beside the file.
    #[serde(default)]
    pub thumb: bool,
    pub rev: Revision,
}

/// A prepared file: what the storage will hold.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub file_type: FileType,
    pub width: u32,
    pub height: u32,
    pub thumb: Option<Vec<u8>>,
}

impl Document {
    /// Describes a prepared file, checking again what it is and its size.
    pub fn new(
        id: Id,
        kind_id: Id,
        name: &str,
        file: &Prepared,
        rev: Revision,
    ) -> Result<Document, String> {
        let t = sniff(&file.bytes)?;
        if t != file.file_type {
            return Err("содержимое файла не совпадает с его обработкой".into());
        }
        check_size(file.bytes.len() as u64)?;
        let mut name = clean(name);
        if name.chars().count() > MAX_SHORT {
            name = name.chars().take(MAX_SHORT).collect();
        }
        Ok(Document {
            id,
            kind_id,
            caption: String::new(),
            name,
            file_type: t,
            size: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
            width: file.width,
            height: file.height,
            thumb: file.thumb.is_some(),
            rev,
        })
    }

    /// The stored bytes are the ones this record describes.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.size && sha256_hex(bytes) == self.sha256
    }

    /// What the document is called on screen: kind, then caption.
    pub fn title(&self, cat: &Catalogues) -> String {
        let kind = cat.name(CatalogueKind::DocumentKinds, &self.kind_id);
        if self.caption.is_empty() {
            kind
        } else {
            format!("{kind}: {}", self.caption)
        }
    }
}

/// The kind a new document gets: a participant's certificate for a
/// participant, a winner's diploma otherwise («Виды документов» 5 and 3).
pub fn default_kind(place_id: &str, cat: &Catalogues) -> Id {
    let n = if place_id == participant_place_id().0 {
        5
    } else {
        3
    };
    let id = CatalogueKind::DocumentKinds.default_id(n);
    if cat.get(CatalogueKind::DocumentKinds, &id).is_some() {
        id
    } else {
        cat.list(CatalogueKind::DocumentKinds)
            .first()
            .map(|e| e.id.clone())
            .unwrap_or(id)
    }
}

/// A document as edited in the achievement form: its kind and caption as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentForm {
    pub doc: Document,
    pub kind_id: String,
    pub caption: String,
}

impl DocumentForm {
    pub fn from_document(doc: &Document) -> DocumentForm {
        DocumentForm {
            doc: doc.clone(),
            kind_id: doc.kind_id.0.clone(),
            caption: doc.caption.clone(),
        }
    }

    /// The form key of a document's field: `doc-<id>-kind`, `doc-<id>-caption`.
    pub fn key(&self, field: &str) -> String {
        Self::key_for(&self.doc.id, field)
    }

    pub fn key_for(id: &Id, field: &str) -> String {
        format!("doc-{id}-{field}")
    }
}

/// Checks the documents of an achievement form and returns them as stored;
/// a changed kind or caption gets a new revision.
pub fn parse_documents(
    forms: &[DocumentForm],
    cat: &Catalogues,
    rev: &Revision,
    e: &mut FieldErrors,
) -> Vec<Document> {
    if forms.len() > MAX_DOCUMENTS {
        e.push(
            "documents",
            format!("К одному достижению можно прикрепить не больше {MAX_DOCUMENTS} документов."),
        );
    }
    let mut out = Vec::with_capacity(forms.len());
    for f in forms {
        let kind = Id(f.kind_id.clone());
        if f.kind_id.is_empty() {
            e.push(f.key("kind"), "Выберите вид документа.");
        } else if cat.get(CatalogueKind::DocumentKinds, &kind).is_none() {
            e.push(
                f.key("kind"),
                "Этого вида документа больше нет в справочнике — выберите другой.",
            );
        }
        let caption = clean(&f.caption);
        if caption.chars().count() > MAX_SHORT {
            e.push(
                f.key("caption"),
                format!("Подпись не длиннее {MAX_SHORT} знаков."),
            );
        }
        let mut doc = f.doc.clone();
        if doc.kind_id != kind || doc.caption != caption {
            doc.kind_id = kind;
            doc.caption = caption;
            doc.rev = rev.clone();
        }
        out.push(doc);
    }
    out
}

/// Keeps letters, digits and «-»; anything else becomes one «_» (at most
/// 40 characters): a safe part of a file name.
pub(crate) fn file_part(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_');
    out.chars().take(40).collect()
}

/// A download name such as «Иванов_Олимпиада_2025-10-12.jpg»; the second and
/// later documents of one achievement get «_2», «_3».
pub fn download_name(
    surname: &str,
    kind: &str,
    date: NaiveDate,
    index: usize,
    t: FileType,
) -> String {
    let mut parts: Vec<String> = [file_part(surname), file_part(kind)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.push(crate::util::date::format_iso(date));
    if index > 1 {
        parts.push(index.to_string());
    }
    format!("{}.{}", parts.join("_"), t.extension())
}

/// A form that carries «Подтверждающие документы» (an achievement's, a
/// reward's), so one fieldset edits them in either.
pub trait WithDocuments {
    fn documents(&self) -> &[DocumentForm];
    fn documents_mut(&mut self) -> &mut Vec<DocumentForm>;
    /// The kind a newly attached document gets.
    fn new_document_kind(&self, cat: &Catalogues) -> Id;
}

#[cfg(test)]
mod tests;
