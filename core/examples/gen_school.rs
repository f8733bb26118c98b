//! Writes a generated school, exactly as the app stores it, for benchmarks:
//! `cargo run --release -p portfolio-core --example gen_school -- 1000 50 > school.json`
//! gives `{"meta": {key: json}, "students": [json, …]}` for 1,000 students
//! with 50 achievements each, in 40 classes of 25.

use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::school_year::SchoolYear;
use portfolio_core::records::student::{Status, StudentForm};
use portfolio_core::stored::{writes_for, Key};
use portfolio_core::{Achievement, Class, Id, Portfolio, Revision, School, StudentRecord};
use std::sync::Arc;

/// A small deterministic generator: the same file every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn id(&mut self) -> Id {
        let mut b = [0u8; 16];
        for x in b.iter_mut() {
            *x = self.next() as u8;
        }
        Id::from_random_bytes(b)
    }
}

const SURNAMES: &[&str] = &[
    "Иванов",
    "Рультытегин",
    "Кутышев",
    "Омрувье",
    "Тынавье",
    "Петров",
    "Гыгыч",
    "Сидоров",
];
const NAMES: &[&str] = &[
    "Алексей",
    "Айван",
    "Тимофей",
    "Эттын",
    "Максим",
    "Кирилл",
    "Вуквун",
    "Артём",
];
const TITLES: &[&str] = &[
    "Олимпиада «Юный математик»",
    "Конкурс рисунков «Моя Чукотка»",
    "Викторина «Знатоки природы»",
    "Турнир по шашкам",
    "Концерт к Дню матери",
    "Выставка поделок «Осенние фантазии»",
];

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let students = *args.first().unwrap_or(&1000);
    let per_student = *args.get(1).unwrap_or(&50);
    let mut rng = Lcg(2025);
    let rev = Revision::new(1_760_000_000_000, "bench");
    let mut p = Portfolio {
        school: Some(School {
            rating: Default::default(),
            name: "МБОУ «Начальная школа с.Биллингс»".into(),
            rev: rev.clone(),
        }),
        years: vec![
            SchoolYear::with_quarters(2025),
            SchoolYear::with_quarters(2026),
        ],
        ..Default::default()
    };
    let class_count = students.div_ceil(25).max(1);
    for c in 0..class_count {
        p.classes.push(Class {
            id: Id(format!("class-{c:03}")),
            name: format!(
                "{} {}",
                c % 4 + 1,
                ["А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "К"][(c / 4) % 10]
            ),
            year: 2026,
            teacher_id: None,
            rev: rev.clone(),
        });
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let cat = p.catalogues.clone();
    let list = |k: CatalogueKind| cat.list(k).iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    let (types, levels, places, subjects) = (
        list(CatalogueKind::AchievementTypes),
        list(CatalogueKind::EventLevels),
        list(CatalogueKind::PrizePlaces),
        list(CatalogueKind::Subjects),
    );
    for i in 0..students {
        let class_id = p.classes[i % class_count].id.clone();
        let mut form = StudentForm::new_student(&class_id, today);
        form.set("last_name", SURNAMES[rng.pick(SURNAMES.len())]);
        form.set("first_name", NAMES[rng.pick(NAMES.len())]);
        form.set("patronymic", "Иванович");
        form.set("sex", "male");
        form.set(
            "birth_date",
            &format!(
                "{:02}.{:02}.{}",
                rng.pick(28) + 1,
                rng.pick(12) + 1,
                2016 + rng.pick(4)
            ),
        );
        form.set("birth_place", "с. Биллингс, Чукотский АО");
        form.set("residence_confirmed", "yes");
        form.set("addr_actual", "с. Биллингс, ул. Полярная, д. 1");
        form.set("phone_mobile", "+7 914 000 11 22");
        let student = form
            .parse(rng.id(), Status::Active, today, rev.clone())
            .expect("valid generated student");
        let achievements = (0..per_student)
            .map(|_| Achievement {
                id: rng.id(),
                title: TITLES[rng.pick(TITLES.len())].into(),
                type_id: types[rng.pick(types.len())].clone(),
                level_id: levels[rng.pick(levels.len())].clone(),
                result: "Принял участие, показал хороший результат".into(),
                date: today - chrono::Duration::days(rng.pick(700) as i64),
                subject_id: subjects[rng.pick(subjects.len())].clone(),
                staff_id: None,
                place_id: places[rng.pick(places.len())].clone(),
                category_id: None,
                organisation: String::new(),
                assessment: None,
                in_gir: false,
                gto: None,
                by_family: false,
                remote: false,
                team: false,
                documents: Vec::new(),
                rev: rev.clone(),
            })
            .collect();
        p.students.insert(
            student.id.clone(),
            Arc::new(StudentRecord {
                achievements,
                ..StudentRecord::new(student)
            }),
        );
    }
    let mut keys = vec![Key::School, Key::Years, Key::Catalogues, Key::Classes];
    keys.extend(p.students.keys().map(|id| Key::Student(id.clone())));
    let writes = writes_for(&p, &keys);
    let mut meta: serde_json::Map<String, serde_json::Value> = writes
        .iter()
        .filter(|w| w.store == "meta")
        .map(|w| {
            (
                w.key.clone(),
                serde_json::Value::String(w.text().unwrap_or_default().to_string()),
            )
        })
        .collect();
    // Stored by today's release: no upgrade is due on the first start.
    meta.insert(
        portfolio_core::stored::LAYOUT_KEY.into(),
        portfolio_core::stored::LAYOUT.to_string().into(),
    );
    let docs: Vec<&str> = writes
        .iter()
        .filter(|w| w.store == "students")
        .filter_map(|w| w.text())
        .collect();
    let out = serde_json::json!({ "meta": meta, "students": docs });
    println!("{out}");
}
