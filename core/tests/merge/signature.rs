//! The school's signature on its files: a school or class file changes the
//! teacher's records only when it proves it comes from a school device — a
//! file without the school's MAC, with a wrong one, or signed by another
//! key is unproven: nothing of it is applied, all it would change is
//! proposed, until the teacher confirms (never for a broken signature).

use super::*;
use portfolio_core::exchange::merge::{merge_from, Report, Sender};
use portfolio_core::exchange::sign::{
    carried, key_after, mark, sender, sign_text, signed_part, verify, SchoolKey, Signature,
};
use portfolio_core::exchange::{Envelope, SIGNED_VERSION, WHOLE_VERSION};

fn key(b: u8) -> SchoolKey {
    SchoolKey([b; 32])
}

/// The class file of the first class of `p`, as a school device with `k`
/// writes it (signed), and the envelope it signed.
fn class_file(p: &Portfolio, k: &SchoolKey) -> (String, Envelope) {
    let scope = Scope::Class {
        class_id: p.classes[0].id.clone(),
    };
    let mut env = export(p, &scope, None, &writer()).unwrap();
    mark(&mut env, k);
    (sign_text(&to_json(&env), k), env)
}

/// Opens `text` on a teacher's device holding `here` and `k` as the app
/// does: judged by its signature, merged as who it is judged to be.
fn open(
    here: &Portfolio,
    k: Option<&SchoolKey>,
    text: &str,
    confirmed: bool,
) -> (Portfolio, Report, Option<Signature>) {
    let env = parse(text).unwrap();
    let signature = k.map(|k| verify(text, carried(&env).as_ref(), k));
    let from = sender(&env.scope, false, signature, confirmed);
    let (merged, report) = merge_from(here, &to_portfolio(&env.data), T0 + 10 * DAY, false, from);
    (merged, report, signature)
}

/// The school as the teacher's device holds it, and a copy a parent edited
/// (her child's first achievement raised to another level).
fn teacher_and_forger() -> (Portfolio, Portfolio, Id) {
    let (_, teacher, _) = school(21, 6);
    let class = teacher.classes[0].id.clone();
    let sid = teacher
        .students
        .iter()
        .find(|(_, r)| r.student.class_id == class && !r.achievements.is_empty())
        .map(|(id, _)| id.clone())
        .unwrap();
    let mut forged = teacher.clone();
    let levels = teacher
        .catalogues
        .list(portfolio_core::CatalogueKind::EventLevels)
        .clone();
    let before = teacher.students[&sid].achievements[0].level_id.clone();
    let other = levels.iter().find(|l| l.id != before).unwrap().id.clone();
    edit_first(&mut forged, "parent-phone", T0 + DAY, &sid, |a| {
        a.level_id = other;
        a.by_family = true;
    });
    (teacher, forged, sid)
}

#[test]
fn a_signed_class_file_reads_and_carries_the_key() {
    let (teacher, _, _) = teacher_and_forger();
    let k = key(7);
    let (text, env) = class_file(&teacher, &k);
    assert!(text.ends_with("\"}"));
    let back = parse(&text).unwrap();
    assert_eq!(back.version, SIGNED_VERSION);
    assert_eq!(carried(&back), Some(k.clone()));
    assert_eq!(
        back.data, env.data,
        "the signature adds nothing to the records"
    );
    assert_eq!(
        verify(&text, carried(&back).as_ref(), &k),
        Signature::School
    );
    // Whitespace an editor adds at the end changes nothing.
    assert_eq!(
        verify(&format!("{text}\n"), Some(&k), &k),
        Signature::School
    );
    // A child's file never carries the key, and is written as before.
    let sid = teacher.students.keys().next().unwrap().clone();
    let mut child = export(
        &teacher,
        &Scope::Student { student_id: sid },
        None,
        &writer(),
    )
    .unwrap();
    mark(&mut child, &k);
    assert_eq!(
        (child.data.school_key, child.version),
        (None, WHOLE_VERSION)
    );
}

#[test]
fn a_school_device_merges_a_file_of_its_own_school() {
    let (teacher, forged, sid) = teacher_and_forger();
    let k = key(7);
    // Another school device's legitimate change is merged.
    let (text, _) = class_file(&forged, &k);
    let (merged, report, signature) = open(&teacher, Some(&k), &text, false);
    assert_eq!(signature, Some(Signature::School));
    assert!(report.proposals.is_empty(), "{report:?}");
    assert_eq!(merged.students[&sid], forged.students[&sid]);
}

#[test]
fn a_class_file_without_the_school_mac_changes_nothing_and_is_proposed() {
    let (teacher, forged, sid) = teacher_and_forger();
    let k = key(7);
    // The parent writes her change into a class file by hand: no MAC.
    let scope = Scope::Class {
        class_id: teacher.classes[0].id.clone(),
    };
    let text = to_json(&export(&forged, &scope, None, &writer()).unwrap());
    let (merged, report, signature) = open(&teacher, Some(&k), &text, false);
    assert_eq!(signature, Some(Signature::Missing));
    assert_eq!(merged, teacher, "nothing applied");
    assert!(report.is_empty(), "nothing to write: {report:?}");
    let name = teacher.students[&sid].student.full_name();
    assert!(
        report
            .proposals
            .named()
            .iter()
            .any(|l| l.starts_with("изменить: ") && l.contains(&name)),
        "{:?}",
        report.proposals
    );
    // The teacher says it is a file of an earlier release from a school
    // device: it merges as the school's.
    let (merged, report, _) = open(&teacher, Some(&k), &text, true);
    assert!(report.proposals.is_empty());
    assert_eq!(merged.students[&sid], forged.students[&sid]);
}

#[test]
fn a_wrong_mac_is_never_the_school_even_when_confirmed() {
    let (teacher, forged, sid) = teacher_and_forger();
    let k = key(7);
    // A file the school signed, then changed by hand: the parent's level
    // put into the signed text.
    let (signed, _) = class_file(&teacher, &k);
    let (forged_text, _) = class_file(&forged, &k);
    let (_, mac) = signed_part(&signed).unwrap();
    let (body, _) = signed_part(&forged_text).unwrap();
    let tampered = format!(
        "{body}{}",
        portfolio_core::exchange::sign::signature_tail(&mac)
    );
    for confirmed in [false, true] {
        let (merged, report, signature) = open(&teacher, Some(&k), &tampered, confirmed);
        assert_eq!(signature, Some(Signature::Broken));
        assert_eq!(merged, teacher);
        assert!(!report.proposals.is_empty());
        assert_eq!(merged.students[&sid], teacher.students[&sid]);
    }
    // A flipped bit anywhere in the text breaks it too.
    let flipped = signed.replacen("\"format\"", "\"formaT\"", 1);
    assert_ne!(verify(&flipped, Some(&k), &k), Signature::School);
}

#[test]
fn another_key_is_not_this_school_until_the_teacher_says_so() {
    let (teacher, forged, sid) = teacher_and_forger();
    let (here, theirs) = (key(7), key(9));
    // The parent makes up a key and signs her class file with it.
    let (text, _) = class_file(&forged, &theirs);
    let (merged, report, signature) = open(&teacher, Some(&here), &text, false);
    assert_eq!(signature, Some(Signature::OtherKey));
    assert_eq!(merged, teacher);
    assert!(!report.proposals.is_empty());
    // Confirmed, it merges — and the device keeps its own key.
    let (merged, _, _) = open(&teacher, Some(&here), &text, true);
    assert_eq!(merged.students[&sid], forged.students[&sid]);
    assert_eq!(key_after(Some(&here), Some(&theirs), Sender::School), None);
}

#[test]
fn a_new_device_trusts_the_first_school_file_and_takes_its_key() {
    let (teacher, _, _) = teacher_and_forger();
    let k = key(7);
    let (text, _) = class_file(&teacher, &k);
    // No key here: nothing of the school to protect.
    let (merged, report, signature) = open(&Portfolio::default(), None, &text, false);
    assert_eq!(signature, None);
    assert!(!report.is_empty() && report.proposals.is_empty());
    assert_eq!(merged.classes, vec![teacher.classes[0].clone()]);
    assert_eq!(key_after(None, Some(&k), Sender::School), Some(k.clone()));
    // Never from a file not taken as the school's.
    assert_eq!(key_after(None, Some(&k), Sender::Unproven), None);
}

#[test]
fn the_same_unproven_file_twice_applies_nothing_either_time() {
    let (teacher, forged, _) = teacher_and_forger();
    let k = key(7);
    let scope = Scope::School;
    let text = to_json(&export(&forged, &scope, None, &writer()).unwrap());
    let (once, r1, _) = open(&teacher, Some(&k), &text, false);
    let (twice, r2, _) = open(&once, Some(&k), &text, false);
    assert_eq!(twice, teacher);
    assert_eq!(r1.proposals, r2.proposals);
}

#[test]
fn a_family_device_and_a_child_file_ignore_signatures() {
    let school = Scope::School;
    let child = Scope::Student {
        student_id: Id("x".into()),
    };
    // A family's device takes the teacher's file; a school or class file
    // is refused there before this.
    assert_eq!(sender(&child, true, None, false), Sender::School);
    // A child's file on the school's device is the family's, signed or not.
    for s in [None, Some(Signature::School), Some(Signature::Broken)] {
        assert_eq!(sender(&child, false, s, true), Sender::Family);
    }
    assert_eq!(
        sender(&school, false, Some(Signature::Broken), true),
        Sender::Unproven
    );
    assert_eq!(
        sender(&school, false, Some(Signature::Missing), false),
        Sender::Unproven
    );
}

#[test]
fn keys_read_back_and_are_never_printed() {
    let k = SchoolKey([0xab; 32]);
    assert_eq!(SchoolKey::from_hex(&k.to_hex()), Some(k.clone()));
    assert_eq!(SchoolKey::from_hex("ab"), None);
    assert_eq!(SchoolKey::from_hex(&"zz".repeat(32)), None);
    assert!(!format!("{k:?}").contains(&k.to_hex()));
}
