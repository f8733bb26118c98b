use super::*;
use portfolio_core::records::document::{sniff, Prepared};
use portfolio_core::stored::{changes, file_key, thumb_key, NewFile, Value, FILES_STORE};
use portfolio_core::Document;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

fn attach(ctx: &FixedContext, bytes: &[u8], thumb: bool) -> (Document, NewFile) {
    let prepared = Prepared {
        bytes: bytes.to_vec(),
        file_type: sniff(bytes).unwrap(),
        width: 1,
        height: 1,
        thumb: thumb.then(|| b"thumb".to_vec()),
    };
    let id = ctx.new_id();
    let d = Document::new(
        id.clone(),
        CatalogueKind::DocumentKinds.default_id(3),
        "скан.pdf",
        &prepared,
        ctx.revision(),
    )
    .unwrap();
    let f = NewFile {
        id,
        bytes: prepared.bytes.into(),
        thumb: prepared.thumb.map(Into::into),
    };
    (d, f)
}

/// A school whose first student has one achievement with two documents.
fn with_documents() -> (FixedContext, Portfolio, Portfolio, Id, Vec<Document>) {
    let (ctx, before) = school();
    let mut after = before.clone();
    let sid = after.students.keys().next().unwrap().clone();
    let mut a = achievement(&ctx, &after, 1, "12.10.2025");
    let (d1, f1) = attach(&ctx, PDF, false);
    let (d2, f2) = attach(&ctx, PNG, true);
    a.documents = vec![d1.clone(), d2.clone()];
    Arc::make_mut(after.students.get_mut(&sid).unwrap())
        .achievements
        .push(a);
    let w = changes(&before, &after, &[Key::Student(sid.clone())], &[f1, f2]).unwrap();
    let files: Vec<(&str, usize)> = w
        .iter()
        .filter(|w| w.store == FILES_STORE)
        .map(|w| match &w.value {
            Some(Value::Bytes(b)) => (w.key.as_str(), b.len()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        files,
        vec![
            (file_key(&d1.id).as_str(), PDF.len()),
            (file_key(&d2.id).as_str(), PNG.len()),
            (thumb_key(&d2.id).as_str(), 5),
        ]
    );
    assert_eq!(w.iter().filter(|w| w.store == STUDENTS_STORE).count(), 1);
    (ctx, before, after, sid, vec![d1, d2])
}

fn deleted_files(w: &[portfolio_core::stored::Write]) -> Vec<String> {
    w.iter()
        .filter(|w| w.store == FILES_STORE && w.value.is_none())
        .map(|w| w.key.clone())
        .collect()
}

#[test]
fn record_and_files_are_written_together() {
    with_documents();
}

#[test]
fn deleting_a_document_an_achievement_or_a_student_deletes_the_files() {
    let (_, _, with, sid, docs) = with_documents();
    let all_keys: Vec<String> = docs
        .iter()
        .flat_map(|d| [file_key(&d.id), thumb_key(&d.id)])
        .collect();
    // One document removed in the form.
    let mut one = with.clone();
    Arc::make_mut(one.students.get_mut(&sid).unwrap())
        .achievements
        .last_mut()
        .unwrap()
        .documents
        .remove(0);
    let w = changes(&with, &one, &[Key::Student(sid.clone())], &[]).unwrap();
    assert_eq!(deleted_files(&w), all_keys[..2].to_vec());
    // The achievement deleted.
    let mut none = with.clone();
    Arc::make_mut(none.students.get_mut(&sid).unwrap())
        .achievements
        .pop();
    let w = changes(&with, &none, &[Key::Student(sid.clone())], &[]).unwrap();
    assert_eq!(deleted_files(&w), all_keys);
    // The student deleted.
    let mut gone = with.clone();
    gone.students.remove(&sid);
    let w = changes(&with, &gone, &[Key::Student(sid.clone())], &[]).unwrap();
    assert_eq!(deleted_files(&w), all_keys);
    assert!(w
        .iter()
        .any(|w| w.store == STUDENTS_STORE && w.key == sid.0 && w.value.is_none()));
    // An unchanged record writes no files.
    let w = changes(&with, &with, &[Key::Student(sid)], &[]).unwrap();
    assert!(w.iter().all(|w| w.store != FILES_STORE));
}

#[test]
fn a_document_without_its_bytes_is_refused_and_stray_bytes_are_not_written() {
    let (ctx, before) = school();
    let sid = before.students.keys().next().unwrap().clone();
    let mut after = before.clone();
    let mut a = achievement(&ctx, &after, 1, "12.10.2025");
    let (d, mut f) = attach(&ctx, PDF, false);
    let (_, stray) = attach(&ctx, PNG, true);
    a.documents = vec![d];
    Arc::make_mut(after.students.get_mut(&sid).unwrap())
        .achievements
        .push(a);
    let keys = [Key::Student(sid)];
    let e = changes(&before, &after, &keys, std::slice::from_ref(&stray)).unwrap_err();
    assert!(e.contains("скан.pdf") && e.contains("ещё раз"), "{e}");
    let mut flipped = f.bytes.to_vec();
    flipped[3] ^= 1;
    let good = f.bytes.clone();
    f.bytes = flipped.into();
    assert!(changes(&before, &after, &keys, std::slice::from_ref(&f)).is_err());
    f.bytes = good;
    let w = changes(&before, &after, &keys, &[f, stray]).unwrap();
    assert_eq!(w.iter().filter(|w| w.store == FILES_STORE).count(), 1);
}

#[test]
fn a_document_kind_in_use_cannot_be_deleted() {
    let (_, _, mut p, _, _) = with_documents();
    let kind = CatalogueKind::DocumentKinds.default_id(3);
    let uses = p.usage(CatalogueKind::DocumentKinds, &kind);
    assert_eq!((uses.achievements, uses.students), (1, 1));
    let e = p
        .catalogues
        .delete(CatalogueKind::DocumentKinds, &kind, uses)
        .unwrap_err();
    assert!(e.contains("Диплом победителя/призёра"), "{e}");
}

#[test]
fn documents_survive_the_storage_round_trip() {
    let (_, _, p, sid, docs) = with_documents();
    let w = writes_for(&p, &[Key::Student(sid.clone())]);
    let record = w.iter().find(|w| w.store == "students").unwrap();
    let (back, problems) = decode(&[], &[record.text().unwrap().to_string()]);
    assert!(problems.is_empty());
    assert_eq!(
        back.students[&sid].achievements.last().unwrap().documents,
        docs
    );
}
