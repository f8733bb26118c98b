//! «Предложить исправление»: a family proposes a correction of the
//! school's achievement; the teacher accepts or declines it with
//! «Применить»; the answer is kept, proposes nothing again, and reaches
//! the family with the teacher's next file. A family's file cannot answer
//! its own proposal.

use super::*;
use portfolio_core::exchange::merge::{decide, merge_from, Sender};
use portfolio_core::records::proposal::Proposal;

fn child_file(p: &Portfolio, sid: &Id) -> Portfolio {
    via_file(
        p,
        Scope::Student {
            student_id: sid.clone(),
        },
    )
}

/// The teacher's school (the child's first achievement the school's), the
/// family's copy with a proposal to raise its level, and what it proposes.
fn proposed() -> (Portfolio, Portfolio, Id, Id) {
    let (_, mut teacher, _) = school(31, 6);
    let sid = first_with_achievements(&teacher);
    Arc::make_mut(teacher.students.get_mut(&sid).unwrap()).achievements[0].by_family = false;
    let mut family = child_file(&teacher, &sid);
    let here = family.students[&sid].achievements[0].clone();
    let levels = teacher
        .catalogues
        .list(portfolio_core::CatalogueKind::EventLevels);
    let other = levels
        .iter()
        .find(|l| l.id != here.level_id)
        .unwrap()
        .id
        .clone();
    let wanted = Achievement {
        level_id: other.clone(),
        ..here.clone()
    };
    let p = Proposal::new(
        Id("proposal-1".into()),
        wanted,
        "Это был региональный этап",
        Revision::new(T0 + DAY, "parent-phone"),
    )
    .unwrap();
    Arc::make_mut(family.students.get_mut(&sid).unwrap())
        .proposals
        .push(p);
    (teacher, family, sid, other)
}

fn open(
    teacher: &Portfolio,
    family: &Portfolio,
    sid: &Id,
) -> (Portfolio, portfolio_core::exchange::merge::Report) {
    merge_from(
        teacher,
        &child_file(family, sid),
        T0 + 2 * DAY,
        false,
        Sender::Family,
    )
}

#[test]
fn a_proposal_is_a_decision_shown_before_and_after_and_changes_nothing_by_itself() {
    let (teacher, family, sid, _) = proposed();
    let (merged, report) = open(&teacher, &family, &sid);
    assert_eq!(
        merged, teacher,
        "nothing applied before the teacher decides"
    );
    assert_eq!(report.decisions.len(), 1);
    let d = &report.decisions[0];
    assert_eq!(d.proposal.comment, "Это был региональный этап");
    assert!(
        d.changes
            .iter()
            .any(|c| c.starts_with("Уровень мероприятия: «")),
        "{:?}",
        d.changes
    );
    assert!(
        !report.is_empty(),
        "a decision to make is something to apply"
    );
}

#[test]
fn an_accepted_proposal_becomes_the_schools_edit_and_a_declined_one_changes_nothing() {
    let (teacher, family, sid, other) = proposed();
    let (merged, report) = open(&teacher, &family, &sid);
    let rev = Revision::new(T0 + 3 * DAY, "teacher-laptop");
    // Accepted.
    let mut yes = merged.clone();
    let keys = decide(&mut yes, &report.decisions, &[true], &rev);
    assert_eq!(keys, vec![Key::Student(sid.clone())]);
    let a = &yes.students[&sid].achievements[0];
    let before = &teacher.students[&sid].achievements[0];
    assert_eq!(a.level_id, other);
    assert!(!a.by_family, "still the school's record");
    assert_eq!(
        a.documents, before.documents,
        "the documents stay the school's"
    );
    assert!(a.rev.descends_from(&before.rev) && a.rev.device == "teacher-laptop");
    let kept = &yes.students[&sid].proposals;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].state(), "учитель принял исправление");
    // Declined (left unticked).
    let mut no = merged.clone();
    decide(&mut no, &report.decisions, &[false], &rev);
    assert_eq!(
        no.students[&sid].achievements,
        teacher.students[&sid].achievements
    );
    assert_eq!(
        no.students[&sid].proposals[0].state(),
        "учитель отклонил исправление"
    );
    // The same file again proposes nothing new, whatever was decided.
    for after in [&yes, &no] {
        let (again, r) = open(after, &family, &sid);
        assert!(r.decisions.is_empty() && r.is_empty(), "{r:?}");
        assert_eq!(&again, after);
    }
}

#[test]
fn a_family_cannot_answer_its_own_proposal() {
    let (teacher, mut family, sid, _) = proposed();
    {
        let r = Arc::make_mut(family.students.get_mut(&sid).unwrap());
        r.proposals[0].answer = Some(portfolio_core::records::proposal::Answer {
            accepted: true,
            by: Revision::new(T0 + DAY, "teacher-laptop"),
        });
    }
    let (merged, report) = open(&teacher, &family, &sid);
    assert_eq!(merged, teacher, "a claimed «accepted» changes nothing");
    assert_eq!(report.decisions.len(), 1);
    assert_eq!(
        report.decisions[0].proposal.answer, None,
        "still the teacher's to answer"
    );
}

#[test]
fn the_answer_reaches_the_family_with_the_teachers_next_file() {
    let (teacher, family, sid, _) = proposed();
    let (mut merged, report) = open(&teacher, &family, &sid);
    decide(
        &mut merged,
        &report.decisions,
        &[false],
        &Revision::new(T0 + 3 * DAY, "teacher-laptop"),
    );
    // On the family's phone: the teacher's file merged as the school's.
    let (phone, r) = merge_from(
        &family,
        &child_file(&merged, &sid),
        T0 + 4 * DAY,
        false,
        Sender::School,
    );
    let p = &phone.students[&sid].proposals;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].state(), "учитель отклонил исправление");
    assert!(
        r.updated
            .named()
            .iter()
            .any(|l| l.contains("учитель отклонил исправление")),
        "{:?}",
        r.updated
    );
    // And nothing else moved: the school's achievement as the school has it.
    assert_eq!(
        phone.students[&sid].achievements,
        teacher.students[&sid].achievements
    );
}

#[test]
fn two_families_proposals_decide_independently() {
    let (teacher, family, sid, _) = proposed();
    // Another child of the school, another family's proposal.
    let other_sid = teacher
        .students
        .iter()
        .find(|(id, r)| **id != sid && !r.achievements.is_empty())
        .map(|(id, _)| id.clone())
        .unwrap();
    let mut teacher = teacher;
    Arc::make_mut(teacher.students.get_mut(&other_sid).unwrap()).achievements[0].by_family = false;
    let mut second = child_file(&teacher, &other_sid);
    let a = second.students[&other_sid].achievements[0].clone();
    let p = Proposal::new(
        Id("proposal-2".into()),
        Achievement {
            title: format!("{} (город)", a.title),
            ..a
        },
        "",
        Revision::new(T0 + DAY, "phone-2"),
    )
    .unwrap();
    Arc::make_mut(second.students.get_mut(&other_sid).unwrap())
        .proposals
        .push(p);
    let rev = Revision::new(T0 + 3 * DAY, "teacher-laptop");
    let apply = |here: &Portfolio, f: &Portfolio, s: &Id, yes: bool| {
        let (mut m, r) = merge_from(here, &child_file(f, s), T0 + 2 * DAY, false, Sender::Family);
        decide(&mut m, &r.decisions, &[yes], &rev);
        m
    };
    let ab = apply(
        &apply(&teacher, &family, &sid, true),
        &second,
        &other_sid,
        false,
    );
    let ba = apply(
        &apply(&teacher, &second, &other_sid, false),
        &family,
        &sid,
        true,
    );
    assert_eq!(ab, ba, "either order, the same school");
}
