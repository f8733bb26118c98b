//! What a file is, recognised from its first bytes — never from its name or
//! MIME type — and why a file is refused (SVG, HTML, scripts, archives and
//! macro documents could run or hide code).

use serde::{Deserialize, Serialize};

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
