//! Shared by the integration tests: a deterministic generator of schools.
#![allow(dead_code)]
pub mod devices;

use portfolio_core::exchange::Writer;
use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::document::{sniff, Prepared};
use portfolio_core::records::school::ClassForm;
use portfolio_core::records::student::{Status, StudentForm};
use portfolio_core::stored::file_key;
use portfolio_core::util::id::{Context, FixedContext};
use portfolio_core::{AchievementForm, Document, Portfolio, School, SchoolYear, StudentRecord};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A small deterministic generator (xorshift64*), so every run sees the same schools.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const LAST: [&str; 8] = [
    "Тынавье",
    "Айвазова",
    "Кутышев",
    "Рультынэ",
    "Омрыкай",
    "Иванов",
    "Петрова-Сидорова",
    "Ёлкина",
];
const FIRST: [&str; 6] = ["Эттын", "Ольга", "Иван", "Айна", "Чейвынэ", "Алексей"];

/// The bytes of a document: a real file signature, then noise.
fn file_bytes(rng: &mut Rng) -> Vec<u8> {
    let head: &[u8] = if rng.below(2) == 0 {
        b"%PDF-1.4\n"
    } else {
        b"\x89PNG\r\n\x1a\n"
    };
    let mut v = head.to_vec();
    v.extend((0..20 + rng.below(200)).map(|_| rng.next() as u8));
    v
}

/// A school from `seed`: classes, students with achievements and documents,
/// a custom staff entry and a custom achievement type; the files' bytes.
pub fn school(seed: u64, students: usize) -> (FixedContext, Portfolio, BTreeMap<String, Vec<u8>>) {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let ctx = FixedContext::at("2026-11-23");
    let mut p = Portfolio {
        school: Some(School::parse("МБОУ «НШ с.Биллингс»", ctx.revision()).unwrap()),
        years: vec![
            SchoolYear::with_quarters(2025),
            SchoolYear::with_quarters(2026),
        ],
        ..Default::default()
    };
    let teacher = p
        .catalogues
        .add(
            CatalogueKind::Staff,
            "Омрынаут Анна Петровна",
            "учитель",
            ctx.new_id(),
            ctx.revision(),
        )
        .unwrap();
    let custom = p
        .catalogues
        .add(
            CatalogueKind::AchievementTypes,
            "Фестиваль «Эрэв»",
            "",
            ctx.new_id(),
            ctx.revision(),
        )
        .unwrap();
    for name in ["1 А", "2 А", "3 А"] {
        let c = ClassForm {
            name: name.into(),
            year: 2026,
            teacher_id: if name == "2 А" {
                teacher.0.clone()
            } else {
                String::new()
            },
        }
        .parse(ctx.new_id(), &p.classes, ctx.revision())
        .unwrap();
        p.classes.push(c);
    }
    let mut files = BTreeMap::new();
    for i in 0..students {
        let class = p.classes[rng.below(3)].id.clone();
        let mut f = StudentForm::new_student(&class, ctx.today());
        for (k, v) in [
            ("last_name", *rng.pick(&LAST)),
            ("first_name", *rng.pick(&FIRST)),
            ("sex", if i % 2 == 0 { "male" } else { "female" }),
            ("birth_date", "01.09.2018"),
            ("birth_place", "с. Биллингс"),
            ("residence_confirmed", "no"),
        ] {
            f.set(k, v);
        }
        let s = f
            .parse(ctx.new_id(), Status::Active, ctx.today(), ctx.revision())
            .unwrap();
        let mut achievements = Vec::new();
        for j in 0..rng.below(6) {
            let type_id = if rng.below(4) == 0 {
                custom.0.clone()
            } else {
                CatalogueKind::AchievementTypes
                    .default_id(1 + rng.below(11))
                    .0
            };
            let mut a = AchievementForm {
                title: format!("Конкурс №{j} «{}»", rng.pick(&LAST)),
                type_id,
                level_id: CatalogueKind::EventLevels.default_id(1 + rng.below(6)).0,
                date: format!("{:02}.10.2026", 1 + rng.below(28)),
                staff_id: if rng.below(3) == 0 {
                    teacher.0.clone()
                } else {
                    String::new()
                },
                result: "Диплом II степени".into(),
                ..AchievementForm::blank(ctx.today())
            }
            .parse(&p.catalogues, ctx.new_id(), ctx.today(), ctx.revision())
            .unwrap();
            for _ in 0..rng.below(3) {
                let bytes = file_bytes(&mut rng);
                let thumb = rng.below(2) == 0;
                let prepared = Prepared {
                    file_type: sniff(&bytes).unwrap(),
                    bytes: bytes.clone(),
                    width: 1,
                    height: 1,
                    thumb: thumb.then(|| vec![0xFF, 0xD8, 0xFF, rng.next() as u8]),
                };
                let d = Document::new(
                    ctx.new_id(),
                    CatalogueKind::DocumentKinds.default_id(1 + rng.below(9)),
                    "скан.pdf",
                    &prepared,
                    ctx.revision(),
                )
                .unwrap();
                files.insert(file_key(&d.id), bytes);
                if let Some(t) = prepared.thumb {
                    files.insert(portfolio_core::stored::thumb_key(&d.id), t);
                }
                a.documents.push(d);
            }
            if rng.below(5) == 0 {
                a.gto = Some(portfolio_core::records::achievement::GtoBadge {
                    sign: Some(portfolio_core::records::achievement::GtoSign::ALL[rng.below(3)]),
                    stage: Some(1 + rng.below(2) as u8),
                    date: Some(a.date),
                });
            }
            achievements.push(a);
        }
        let mut rewards = Vec::new();
        for _ in 0..rng.below(3) {
            let ids: Vec<&portfolio_core::Id> = achievements.iter().map(|a| &a.id).collect();
            let mut r = portfolio_core::records::reward::RewardForm {
                kind_id: CatalogueKind::RewardKinds.default_id(1 + rng.below(6)).0,
                date: format!("{:02}.11.2026", 1 + rng.below(20)),
                activity: portfolio_core::records::reward::Activity::ALL[rng.below(9)]
                    .slug()
                    .into(),
                awarded_by: "Администрация школы".into(),
                achievement_id: if ids.is_empty() || rng.below(2) == 0 {
                    String::new()
                } else {
                    ids[rng.below(ids.len())].0.clone()
                },
                ..Default::default()
            }
            .parse(
                &p.catalogues,
                &ids,
                ctx.new_id(),
                ctx.today(),
                ctx.revision(),
            )
            .unwrap();
            if rng.below(2) == 0 {
                let bytes = file_bytes(&mut rng);
                let prepared = Prepared {
                    file_type: sniff(&bytes).unwrap(),
                    bytes: bytes.clone(),
                    width: 1,
                    height: 1,
                    thumb: None,
                };
                let d = Document::new(
                    ctx.new_id(),
                    CatalogueKind::DocumentKinds.default_id(4),
                    "грамота.pdf",
                    &prepared,
                    ctx.revision(),
                )
                .unwrap();
                files.insert(file_key(&d.id), bytes);
                r.documents.push(d);
            }
            rewards.push(r);
        }
        let mut observations = Vec::new();
        for k in 0..rng.below(3) {
            let mut f = portfolio_core::records::observation::ObservationForm::blank(
                ctx.today(),
                "Омрынаут Анна Петровна",
            );
            f.text = format!("Наблюдение №{k}: помогал одноклассникам");
            for t in portfolio_core::records::observation::Tag::ALL {
                if rng.below(2) == 0 {
                    f.toggle(t, true);
                }
            }
            if f.tags.is_empty() {
                f.toggle(portfolio_core::records::observation::Tag::Personal, true);
            }
            observations.push(f.parse(ctx.new_id(), ctx.today(), ctx.revision()).unwrap());
        }
        p.students.insert(
            s.id.clone(),
            Arc::new(StudentRecord {
                student: s,
                achievements,
                rewards,
                observations,
                proposals: Vec::new(),
            }),
        );
    }
    (ctx, p, files)
}

/// The scopes a file of `p` can have: the school, each class, and the
/// first `children` children.
pub fn scopes(p: &Portfolio, children: usize) -> Vec<portfolio_core::exchange::Scope> {
    use portfolio_core::exchange::Scope;
    let mut out = vec![Scope::School];
    out.extend(p.classes.iter().map(|c| Scope::Class {
        class_id: c.id.clone(),
    }));
    out.extend(p.students.keys().take(children).map(|id| Scope::Student {
        student_id: id.clone(),
    }));
    out
}

pub fn writer() -> Writer<'static> {
    Writer {
        now: 1_795_000_000_000,
        device: "teacher-laptop",
        app_version: "0.1.0",
    }
}
