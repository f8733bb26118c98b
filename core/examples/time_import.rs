//! Where the time of opening and writing a whole-school file goes, natively:
//!   cargo run -q --release -p portfolio-core --example time_import -- bench/data/school.json
//! (the stored database that `gen_school` writes). Prints each step beside
//! serde_json's own parse and write of the same text.
use portfolio_core::exchange::merge::merge;
use portfolio_core::exchange::{
    export, parse, to_json, to_portfolio, KnownTexts, PartRead, Scope, Writer,
};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("a stored database (bench/data/school.json)");
    let dump: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let meta: Vec<(String, String)> = dump["meta"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let students: Vec<String> = dump["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let (p, _) = portfolio_core::stored::decode(&meta, &students);
    let by = Writer {
        now: 1_797_000_000_000,
        device: "bench",
        app_version: "bench",
    };
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;

    let t = Instant::now();
    let env = export(&p, &Scope::School, None, &by).unwrap();
    let export_ms = ms(t);
    let t = Instant::now();
    let text = to_json(&env);
    let json_ms = ms(t);
    if let Ok(out) = std::env::var("WRITE_FILE") {
        std::fs::write(out, &text).unwrap();
    }
    let t = Instant::now();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let value_parse = ms(t);
    let t = Instant::now();
    let again = serde_json::to_string(&value).unwrap();
    let value_write = ms(t);
    assert_eq!(again.len(), text.len());

    let t = Instant::now();
    let env = parse(&text).unwrap();
    let parse_ms = ms(t);
    // The rules alone (the best of 5): part of every opening.
    let check_ms = (0..5)
        .map(|_| {
            let t = Instant::now();
            assert!(portfolio_core::exchange::check(&env).is_empty());
            ms(t)
        })
        .fold(f64::MAX, f64::min);
    let t = Instant::now();
    let incoming = to_portfolio(&env.data);
    let to_p = ms(t);
    let t = Instant::now();
    let (_, report) = merge(&p, &incoming, by.now);
    let merge_ms = ms(t);
    assert!(report.is_empty());
    // As the app opens a large file: in parts, on a fresh device and on
    // one whose storage holds these very texts.
    let in_parts = |known: KnownTexts| {
        let t = Instant::now();
        let mut r = PartRead::start(&text, known).unwrap();
        while !r.done() {
            r.step(4).unwrap();
        }
        let recognised = r.recognised;
        r.finish().unwrap();
        (ms(t), recognised)
    };
    let (fresh, _) = in_parts(KnownTexts::default());
    // Each stored text beside the record it reads as.
    let texts = students.iter().map(|t| {
        let id = serde_json::from_str::<portfolio_core::StudentRecord>(t)
            .unwrap()
            .student
            .id;
        (p.students[&id].clone(), Arc::new(t.clone()))
    });
    let (again, recognised) = in_parts(KnownTexts::new(texts));
    println!(
        "file {:.1} MB, {} students",
        text.len() as f64 / 1e6,
        p.students.len()
    );
    println!("export: build {export_ms:.0} ms + to_json {json_ms:.0} ms  (serde_json::Value write {value_write:.0} ms)");
    println!("open in parts (parse+check): fresh device {fresh:.0} ms, the device that holds it {again:.0} ms ({recognised} students recognised by their stored text)");
    println!("open: parse+check {parse_ms:.0} ms (check alone {check_ms:.1} ms), to_portfolio {to_p:.0} ms, merge {merge_ms:.0} ms  (serde_json::Value parse {value_parse:.0} ms)");
}
