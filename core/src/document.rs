//! «Подтверждающие документы» (П1 §3.3.2, §4.3; П2 §4.7–4.8): scans and
//! photos of diplomas and other files that show a result, attached to an
//! achievement. The record keeps what a document is; its bytes live apart in
//! storage, keyed by the document's id and checked against its SHA-256.
//!
//! A file is recognised by its content, never by its name or the browser's
//! MIME claim: an SVG or an HTML page opened from a `blob:` URL would run
//! script with access to the portfolio, so such files are refused.

use crate::catalogue::{participant_place_id, CatalogueKind, Catalogues};
use crate::id::{Id, Revision};
use crate::sha256::sha256_hex;
use crate::text::clean;
use crate::validation::{FieldErrors, MAX_SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

/// What a file is, as recognised from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Jpeg,
    Png,
    Webp,
    Gif,
    Heic,
    Avif,
    Pdf,
    Docx,
    Pptx,
    Xlsx,
    Odt,
    Odp,
    Ods,
}

impl FileType {
    pub fn mime(self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Webp => "image/webp",
            FileType::Gif => "image/gif",
            FileType::Heic => "image/heic",
            FileType::Avif => "image/avif",
            FileType::Pdf => "application/pdf",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Odt => "application/vnd.oasis.opendocument.text",
            FileType::Odp => "application/vnd.oasis.opendocument.presentation",
            FileType::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Webp => "webp",
            FileType::Gif => "gif",
            FileType::Heic => "heic",
            FileType::Avif => "avif",
            FileType::Pdf => "pdf",
            FileType::Docx => "docx",
            FileType::Pptx => "pptx",
            FileType::Xlsx => "xlsx",
            FileType::Odt => "odt",
            FileType::Odp => "odp",
            FileType::Ods => "ods",
        }
    }

    /// A photo or picture, decoded and shown by the browser.
    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileType::Jpeg
                | FileType::Png
                | FileType::Webp
                | FileType::Gif
                | FileType::Heic
                | FileType::Avif
        )
    }

    /// What to call it on a tile with no picture.
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Docx | FileType::Odt => "Текст",
            FileType::Pptx | FileType::Odp => "Презентация",
            FileType::Xlsx | FileType::Ods => "Таблица",
            _ => "Изображение",
        }
    }
}

/// The kinds of files accepted, for messages.
pub const ACCEPTED: &str = "фотографии и сканы (JPEG, PNG, WebP, HEIC), PDF, документы и презентации Word, PowerPoint, Excel и OpenDocument";

fn starts(b: &[u8], magic: &[u8]) -> bool {
    b.len() >= magic.len() && &b[..magic.len()] == magic
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The ISO-BMFF brand of a HEIF/AVIF/MP4 file, if the file is one.
fn brand(b: &[u8]) -> Option<&[u8]> {
    (b.len() >= 12 && &b[4..8] == b"ftyp").then(|| &b[8..12])
}

/// Markup starts (after a BOM and spaces) with `<`: SVG, HTML, XML.
fn markup(b: &[u8]) -> Option<&'static str> {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
    let head: Vec<u8> = b[start..b.len().min(start + 4096)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    if !head.starts_with(b"<") {
        return None;
    }
    Some(if contains(&head, b"<svg") {
        "изображения SVG не принимаются: они могут содержать программный код"
    } else if contains(&head, b"<html")
        || contains(&head, b"<!doctype")
        || contains(&head, b"<script")
    {
        "веб-страницы (HTML) не принимаются: они могут содержать программный код"
    } else {
        "файлы разметки (XML, HTML, SVG) не принимаются"
    })
}

/// The type of a ZIP-based office document, from the names in its directory.
fn zip_document(b: &[u8]) -> Result<FileType, &'static str> {
    if contains(b, b"vbaProject.bin") {
        return Err(
            "документы с макросами не принимаются: сохраните документ без макросов или в PDF",
        );
    }
    // ODF puts an uncompressed «mimetype» entry first.
    let odf = [
        (
            &b"application/vnd.oasis.opendocument.text"[..],
            FileType::Odt,
        ),
        (
            b"application/vnd.oasis.opendocument.presentation",
            FileType::Odp,
        ),
        (
            b"application/vnd.oasis.opendocument.spreadsheet",
            FileType::Ods,
        ),
    ];
    let head = &b[..b.len().min(200)];
    if contains(head, b"mimetype") {
        for (mime, t) in odf {
            if contains(head, mime) {
                return Ok(t);
            }
        }
    }
    if contains(b, b"[Content_Types].xml") {
        for (dir, t) in [
            (&b"word/"[..], FileType::Docx),
            (b"ppt/", FileType::Pptx),
            (b"xl/", FileType::Xlsx),
        ] {
            if contains(b, dir) {
                return Ok(t);
            }
        }
    }
    Err("архивы ZIP не принимаются: прикрепите файлы из архива по отдельности")
}

/// Recognises a file by its content. The error says, in Russian, why the file
/// is refused (to follow «Файл «…» не принят: »).
pub fn sniff(b: &[u8]) -> Result<FileType, String> {
    if b.is_empty() {
        return Err("файл пустой".into());
    }
    let t = if starts(b, b"\xFF\xD8\xFF") {
        FileType::Jpeg
    } else if starts(b, b"\x89PNG\r\n\x1a\n") {
        FileType::Png
    } else if starts(b, b"RIFF") && b.len() >= 12 && &b[8..12] == b"WEBP" {
        FileType::Webp
    } else if starts(b, b"GIF87a") || starts(b, b"GIF89a") {
        FileType::Gif
    } else if starts(b, b"%PDF-") {
        FileType::Pdf
    } else if let Some(brand) = brand(b) {
        match brand {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                FileType::Heic
            }
            b"avif" | b"avis" => FileType::Avif,
            _ => {
                return Err(
                    "видео и звукозаписи не принимаются: прикрепите фотографию или PDF".into(),
                )
            }
        }
    } else if starts(b, b"PK\x03\x04") {
        zip_document(b)?
    } else if starts(b, b"MZ")
        || starts(b, b"\x7FELF")
        || starts(b, b"\xCF\xFA\xED\xFE")
        || starts(b, b"#!")
    {
        return Err("программы и сценарии не принимаются".into());
    } else if let Some(why) = markup(b) {
        return Err(why.into());
    } else if std::str::from_utf8(&b[..b.len().min(4096)]).is_ok_and(|s| {
        s.chars()
            .all(|c| !c.is_control() || c.is_ascii_whitespace())
    }) {
        return Err(format!(
            "это текстовый файл, а не изображение или документ. Подходят {ACCEPTED}"
        ));
    } else {
        return Err(format!("формат файла не распознан. Подходят {ACCEPTED}"));
    };
    Ok(t)
}

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
    parts.push(crate::date::format_iso(date));
    if index > 1 {
        parts.push(index.to_string());
    }
    format!("{}.{}", parts.join("_"), t.extension())
}

/// What the browser reports about its storage for this site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageUse {
    pub usage: u64,
    pub quota: u64,
}

impl StorageUse {
    pub fn percent(&self) -> u64 {
        (self.usage * 100).checked_div(self.quota).unwrap_or(0)
    }

    /// Past 80 % of what the browser allows: time to free space or export.
    pub fn is_high(&self) -> bool {
        self.quota > 0 && self.usage * 5 > self.quota * 4
    }

    pub fn describe(&self) -> String {
        format!(
            "Портфолио занимает {} из {}, разрешённых браузером ({} %).",
            format_size(self.usage),
            format_size(self.quota),
            self.percent()
        )
    }
}

/// A form that carries «Подтверждающие документы» (an achievement's, a
/// reward's), so one fieldset edits them in either.
pub trait WithDocuments {
    fn documents(&self) -> &[DocumentForm];
    fn documents_mut(&mut self) -> &mut Vec<DocumentForm>;
    /// The kind a newly attached document gets.
    fn new_document_kind(&self, cat: &Catalogues) -> Id;
}

impl WithDocuments for crate::AchievementForm {
    fn documents(&self) -> &[DocumentForm] {
        &self.documents
    }
    fn documents_mut(&mut self) -> &mut Vec<DocumentForm> {
        &mut self.documents
    }
    fn new_document_kind(&self, cat: &Catalogues) -> Id {
        default_kind(&self.place_id, cat)
    }
}

impl WithDocuments for crate::reward::RewardForm {
    fn documents(&self) -> &[DocumentForm] {
        &self.documents
    }
    fn documents_mut(&mut self) -> &mut Vec<DocumentForm> {
        &mut self.documents
    }
    /// A diploma → «Диплом победителя/призёра», a certificate of merit →
    /// «Грамота», a letter of thanks → «Благодарность», anything else «Иное».
    fn new_document_kind(&self, cat: &Catalogues) -> Id {
        let reward = |n| CatalogueKind::RewardKinds.default_id(n).0;
        let n = match self.kind_id.as_str() {
            k if k == reward(2) => 3,
            k if k == reward(4) => 4,
            k if k == reward(5) => 8,
            _ => 9,
        };
        let id = CatalogueKind::DocumentKinds.default_id(n);
        if cat.get(CatalogueKind::DocumentKinds, &id).is_some() {
            id
        } else {
            default_kind("", cat)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn recognises_accepted_files_by_content() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Ok(FileType::Jpeg));
        assert_eq!(sniff(PNG), Ok(FileType::Png));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Ok(FileType::Webp));
        assert_eq!(sniff(b"GIF89a\x01\0"), Ok(FileType::Gif));
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3"), Ok(FileType::Pdf));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Ok(FileType::Heic));
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1\0\0\0\0"), Ok(FileType::Heic));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0\0\0"), Ok(FileType::Avif));
        let docx = b"PK\x03\x04\x14\0\0\0\x08\0[Content_Types].xml....PK\x03\x04word/document.xml";
        assert_eq!(sniff(docx), Ok(FileType::Docx));
        let pptx = b"PK\x03\x04\x14\0\0\0\x08\0[Content_Types].xml....ppt/slides/slide1.xml";
        assert_eq!(sniff(pptx), Ok(FileType::Pptx));
        let odp =
            b"PK\x03\x04\x0a\0\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.presentationPK";
        assert_eq!(sniff(odp), Ok(FileType::Odp));
    }

    #[test]
    fn refuses_dangerous_and_unknown_files_with_a_reason() {
        let why = |b: &[u8]| sniff(b).unwrap_err();
        assert!(
            why(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
                .contains("SVG")
        );
        assert!(why(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<svg>").contains("SVG"));
        assert!(why(b"<!DOCTYPE html><html><body>").contains("HTML"));
        assert!(why(b"\n<HTML><SCRIPT>x</SCRIPT>").contains("HTML"));
        assert!(why(b"<?xml version=\"1.0\"?><note/>").contains("XML"));
        // An executable or a text file renamed «диплом.jpg» is still what it is.
        assert!(why(b"MZ\x90\0\x03\0\0\0").contains("программы"));
        assert!(why(b"\x7FELF\x02\x01\x01").contains("программы"));
        assert!(why(b"#!/bin/sh\nrm -rf /").contains("программы"));
        assert!(why("Это просто текст, а не диплом.\n".as_bytes()).contains("текстовый файл"));
        assert!(why(b"").contains("пустой"));
        assert!(why(b"\0\0\0\x18ftypisom\0\0\0\0").contains("видео"));
        assert!(why(b"PK\x03\x04\x14\0\0\0notes.txt").contains("ZIP"));
        assert!(why(b"PK\x03\x04[Content_Types].xml word/ vbaProject.bin").contains("макрос"));
        assert!(why(b"\x00\x01\x02\x03\xfe\xff").contains("не распознан"));
        // A truncated signature is not the format.
        assert!(sniff(b"\x89PN").is_err());
        assert!(sniff(b"RIFF\0\0\0\0WAVE").is_err());
    }

    #[test]
    fn photos_are_shrunk_to_2000_px_and_hard_formats_reencoded() {
        assert_eq!(fit(4000, 3000, 2000), (2000, 1500));
        assert_eq!(fit(3000, 4000, 2000), (1500, 2000));
        assert_eq!(fit(4032, 3024, 240), (240, 180));
        assert_eq!(fit(1200, 800, 2000), (1200, 800));
        assert_eq!(fit(10000, 1, 2000), (2000, 1));
        assert_eq!(
            plan(FileType::Jpeg, 4000, 3000, 5_000_000, false),
            Plan::Reencode {
                width: 2000,
                height: 1500
            }
        );
        assert_eq!(
            plan(FileType::Jpeg, 4000, 3000, 5_000_000, true),
            Plan::Keep
        );
        assert_eq!(plan(FileType::Png, 1200, 900, 400_000, false), Plan::Keep);
        assert_eq!(
            plan(FileType::Heic, 1200, 900, 400_000, false),
            Plan::Reencode {
                width: 1200,
                height: 900
            }
        );
        assert_eq!(
            plan(FileType::Png, 1900, 1900, 6_000_000, false),
            Plan::Reencode {
                width: 1900,
                height: 1900
            }
        );
    }

    #[test]
    fn sizes_and_limits() {
        assert_eq!(format_size(512), "512 Б");
        assert_eq!(format_size(1536), "1,5 КБ");
        assert_eq!(format_size(15 * 1024 * 1024), "15 МБ");
        assert_eq!(format_size(1_288_490_189), "1,2 ГБ");
        assert!(check_size(MAX_STORED_BYTES).is_ok());
        let e = check_size(MAX_STORED_BYTES + 1).unwrap_err();
        assert!(e.contains("слишком большой") && e.contains("15 МБ"), "{e}");
        assert!(check_input_size(60 * 1024 * 1024)
            .unwrap_err()
            .contains("50 МБ"));
        let u = StorageUse {
            usage: 85,
            quota: 100,
        };
        assert!(u.is_high());
        assert_eq!(u.percent(), 85);
        assert!(!StorageUse {
            usage: 80,
            quota: 100
        }
        .is_high());
        assert!(!StorageUse { usage: 5, quota: 0 }.is_high());
        assert_eq!(
            StorageUse {
                usage: 3 * 1024 * 1024,
                quota: 1 << 30
            }
            .describe(),
            "Портфолио занимает 3 МБ из 1 ГБ, разрешённых браузером (0 %)."
        );
    }

    fn prepared(bytes: &[u8]) -> Prepared {
        Prepared {
            bytes: bytes.to_vec(),
            file_type: sniff(bytes).unwrap(),
            width: 1,
            height: 1,
            thumb: None,
        }
    }

    #[test]
    fn a_document_names_its_content() {
        let cat = Catalogues::default();
        let kind = default_kind(&participant_place_id().0, &cat);
        assert_eq!(
            cat.name(CatalogueKind::DocumentKinds, &kind),
            "Сертификат участника"
        );
        let d = Document::new(
            Id::fixed("d"),
            kind,
            "  IMG_0001.PNG ",
            &prepared(PNG),
            Revision::builtin(),
        )
        .unwrap();
        assert_eq!(d.name, "IMG_0001.PNG");
        assert_eq!(d.file_type, FileType::Png);
        assert_eq!(d.size, PNG.len() as u64);
        assert!(d.matches(PNG));
        let mut flipped = PNG.to_vec();
        flipped[12] ^= 1;
        assert!(!d.matches(&flipped));
        assert_eq!(d.title(&cat), "Сертификат участника");
        // The content decides, not the claim made while processing.
        let mut lie = prepared(PNG);
        lie.file_type = FileType::Jpeg;
        assert!(Document::new(
            Id::fixed("d"),
            d.kind_id.clone(),
            "x",
            &lie,
            Revision::builtin()
        )
        .is_err());
        let winner = default_kind(&CatalogueKind::PrizePlaces.default_id(1).0, &cat);
        assert_eq!(
            cat.name(CatalogueKind::DocumentKinds, &winner),
            "Диплом победителя/призёра"
        );
    }

    #[test]
    fn document_forms_check_kind_and_caption() {
        let cat = Catalogues::default();
        let doc = Document::new(
            Id::fixed("d"),
            CatalogueKind::DocumentKinds.default_id(3),
            "a.png",
            &prepared(PNG),
            Revision::builtin(),
        )
        .unwrap();
        let mut f = DocumentForm::from_document(&doc);
        let rev = Revision::new(5, "x");
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_documents(&[f.clone()], &cat, &rev, &mut e),
            vec![doc.clone()]
        );
        assert!(e.is_empty());
        f.caption = "  за 1 место ".into();
        let out = parse_documents(&[f.clone()], &cat, &rev, &mut e);
        assert_eq!(out[0].caption, "за 1 место");
        assert_eq!(out[0].rev, rev);
        assert_eq!(out[0].title(&cat), "Диплом победителя/призёра: за 1 место");
        f.kind_id = "documents-99".into();
        f.caption = "я".repeat(MAX_SHORT + 1);
        parse_documents(&[f.clone()], &cat, &rev, &mut e);
        assert!(e.get("doc-d-kind").unwrap().contains("больше нет"));
        assert!(e.get("doc-d-caption").unwrap().contains("не длиннее"));
    }

    #[test]
    fn download_names() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 12).unwrap();
        assert_eq!(
            download_name("Иванов", "Олимпиада", d, 1, FileType::Jpeg),
            "Иванов_Олимпиада_2025-10-12.jpg"
        );
        assert_eq!(
            download_name(
                "Петрова-Сидорова",
                "Конкурс / фестиваль",
                d,
                2,
                FileType::Pdf
            ),
            "Петрова-Сидорова_Конкурс_фестиваль_2025-10-12_2.pdf"
        );
        assert_eq!(
            download_name("../..", "<script>", d, 1, FileType::Png),
            "script_2025-10-12.png"
        );
    }
}
