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
    let odp = b"PK\x03\x04\x0a\0\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.presentationPK";
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
