//! Writes the worked example of the export format (docs/export-example.json):
//! a child's package with one achievement and one embedded document.
//!   cargo run -q -p portfolio-core --example export_example > docs/export-example.json

use portfolio_core::exchange::{export, parse, Scope, Writer};
use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::document::{sniff, Prepared};
use portfolio_core::records::school::ClassForm;
use portfolio_core::records::student::{Status, StudentForm};
use portfolio_core::stored::file_key;
use portfolio_core::util::id::{Context, FixedContext};
use portfolio_core::{AchievementForm, Document, Portfolio, School, SchoolYear, StudentRecord};
use std::collections::BTreeMap;
use std::sync::Arc;

fn main() {
    let ctx = FixedContext::at("2026-11-23");
    let mut p = Portfolio {
        school: Some(School::parse("МБОУ «НШ с.Биллингс»", ctx.revision()).unwrap()),
        years: vec![SchoolYear::with_quarters(2026)],
        ..Default::default()
    };
    let class = ClassForm {
        name: "3 А".into(),
        year: 2026,
        teacher_id: String::new(),
    }
    .parse(ctx.new_id(), &p.classes, ctx.revision())
    .unwrap();
    let mut f = StudentForm::new_student(&class.id, ctx.today());
    for (k, v) in [
        ("last_name", "Рультынэ"),
        ("first_name", "Айна"),
        ("sex", "female"),
        ("birth_date", "29.02.2016"),
        ("birth_place", "с. Биллингс"),
        ("residence_confirmed", "yes"),
    ] {
        f.set(k, v);
    }
    let s = f
        .parse(ctx.new_id(), Status::Active, ctx.today(), ctx.revision())
        .unwrap();
    p.classes.push(class);
    let mut a = AchievementForm {
        title: "Олимпиада «Юный математик»".into(),
        type_id: CatalogueKind::AchievementTypes.default_id(1).0,
        level_id: CatalogueKind::EventLevels.default_id(2).0,
        place_id: CatalogueKind::PrizePlaces.default_id(1).0,
        date: "12.10.2026".into(),
        ..AchievementForm::blank(ctx.today())
    }
    .parse(&p.catalogues, ctx.new_id(), ctx.today(), ctx.revision())
    .unwrap();
    let pdf = b"%PDF-1.4\n% a tiny example\n".to_vec();
    let prepared = Prepared {
        file_type: sniff(&pdf).unwrap(),
        bytes: pdf.clone(),
        width: 0,
        height: 0,
        thumb: None,
    };
    let d = Document::new(
        ctx.new_id(),
        CatalogueKind::DocumentKinds.default_id(3),
        "диплом.pdf",
        &prepared,
        ctx.revision(),
    )
    .unwrap();
    let files = BTreeMap::from([(file_key(&d.id), pdf)]);
    a.documents.push(d);
    a.gto = Some(portfolio_core::records::achievement::GtoBadge {
        sign: Some(portfolio_core::records::achievement::GtoSign::Gold),
        stage: Some(2),
        date: Some(a.date),
    });
    let reward = portfolio_core::records::reward::RewardForm {
        kind_id: CatalogueKind::RewardKinds.default_id(4).0,
        date: "20.10.2026".into(),
        activity: "study".into(),
        awarded_by: "Администрация школы".into(),
        achievement_id: a.id.0.clone(),
        documents: Vec::new(),
        by_family: false,
    }
    .parse(
        &p.catalogues,
        &[&a.id],
        ctx.new_id(),
        ctx.today(),
        ctx.revision(),
    )
    .unwrap();
    let mut seen = portfolio_core::records::observation::ObservationForm::blank(
        ctx.today(),
        "Омрынаут Анна Петровна",
    );
    seen.text = "Рассказала классу о решении задачи, ответила на вопросы.".into();
    seen.toggle(
        portfolio_core::records::observation::Tag::Communicative,
        true,
    );
    seen.toggle(portfolio_core::records::observation::Tag::Cognitive, true);
    let observation = seen
        .parse(ctx.new_id(), ctx.today(), ctx.revision())
        .unwrap();
    p.students.insert(
        s.id.clone(),
        Arc::new(StudentRecord {
            achievements: vec![a],
            rewards: vec![reward],
            observations: vec![observation],
            ..StudentRecord::new(s.clone())
        }),
    );
    let env = export(
        &p,
        &Scope::Student { student_id: s.id },
        Some(&files),
        &Writer {
            now: ctx.now(),
            device: "teacher-laptop",
            app_version: env!("CARGO_PKG_VERSION"),
        },
    )
    .unwrap();
    let text = serde_json::to_string_pretty(&env).unwrap();
    parse(&text).expect("the example is a valid file");
    println!("{text}");
}
