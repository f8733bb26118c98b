//! «Настройки»: the school's name, school years and their periods.

use super::home::year_options;
use crate::state::{random_id, use_app};
use crate::ui::{Notice, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::id::Context;
use portfolio_core::school_year::{parse_periods, PeriodForm};
use portfolio_core::stored::Key;
use portfolio_core::{FieldErrors, School, SchoolYear};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    view! {
        <h1>"Настройки"</h1>
        <SchoolForm />
        <section aria-labelledby="years-h">
            <h2 id="years-h">"Учебные годы и периоды"</h2>
            <p class="hint">"Периоды используются в фильтрах достижений. По умолчанию — четверти; их границы можно изменить или заменить на триместры."</p>
            // Keyed by year, so saving one year's periods keeps its editor
            // (and its «Периоды сохранены.») instead of rebuilding it.
            <For
                each=move || app.data.with(|p| p.years.iter().rev().cloned().collect::<Vec<_>>())
                key=|y| y.start_year
                children=|y| view! { <PeriodsEditor year=y /> }
            />
            <AddYearForm />
        </section>
    }
}

#[component]
fn SchoolForm() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(app.data.with_untracked(|p| {
        p.school
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }));
    let errors = RwSignal::new(FieldErrors::default());
    let notice = RwSignal::new(None::<Notice>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(FieldErrors::default());
        spawn_local(async move {
            let result = app
                .apply(|p, ctx| {
                    p.school = Some(
                        School::parse(&name.get_untracked(), ctx.revision()).map_err(|e| {
                            errors.set(e.clone());
                            e.to_string()
                        })?,
                    );
                    Ok(((), vec![Key::School]))
                })
                .await;
            notice.set(Some(match result {
                Ok(()) => {
                    errors.set(FieldErrors::default());
                    Notice::Ok("Название школы сохранено.".into())
                }
                Err(m) if errors.with_untracked(|e| e.is_empty()) => Notice::Error(m),
                Err(_) => return,
            }));
        });
    };
    view! {
        <section aria-labelledby="school-h">
            <h2 id="school-h">"Школа"</h2>
            <form on:submit=submit novalidate>
                <TextField id="school-name" label="Название школы" required=true value=name on_input=move |v| name.set(v) error=Signal::derive(move || errors.with(|e| e.get("school_name").map(String::from))) />
                <NoticeView notice=notice />
                <button type="submit" class="primary">"Сохранить название"</button>
            </form>
        </section>
    }
}

#[component]
fn PeriodsEditor(year: SchoolYear) -> impl IntoView {
    let app = use_app();
    let start_year = year.start_year;
    let rows = RwSignal::new(
        year.periods
            .iter()
            .map(PeriodForm::from_period)
            .collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let notice = RwSignal::new(None::<Notice>);
    let label = year.label();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(FieldErrors::default());
        spawn_local(async move {
            let result = app
                .apply(|p, _| {
                    let periods = parse_periods(start_year, &rows.get_untracked(), &mut random_id)
                        .map_err(|e| {
                            errors.set(e.clone());
                            e.to_string()
                        })?;
                    match p.years.iter_mut().find(|y| y.start_year == start_year) {
                        Some(y) => y.periods = periods,
                        None => p.years.push(SchoolYear {
                            start_year,
                            periods,
                        }),
                    }
                    Ok(((), vec![Key::Years]))
                })
                .await;
            notice.set(Some(match result {
                Ok(()) => {
                    errors.set(FieldErrors::default());
                    Notice::Ok("Периоды сохранены.".into())
                }
                Err(m) if errors.with_untracked(|e| e.is_empty()) => Notice::Error(m),
                Err(_) => return,
            }));
        });
    };
    let row_view = move |i: usize| {
        let get = move |f: fn(&PeriodForm) -> String| {
            Signal::derive(move || rows.with(|r| r.get(i).map(f).unwrap_or_default()))
        };
        let n = i + 1;
        view! {
            <fieldset class="period">
                <legend>{format!("Период №{n}")}</legend>
                <TextField id=format!("p{start_year}-{i}-name") label="Название периода" value=get(|r| r.name.clone()) on_input=move |v| rows.update(|r| r[i].name = v) />
                <TextField id=format!("p{start_year}-{i}-start") label="Начало" kind=crate::ui::field::InputKind::Date value=get(|r| r.start.clone()) on_input=move |v| rows.update(|r| r[i].start = v) />
                <TextField id=format!("p{start_year}-{i}-end") label="Окончание" kind=crate::ui::field::InputKind::Date value=get(|r| r.end.clone()) on_input=move |v| rows.update(|r| r[i].end = v) />
                <button type="button" class="danger" aria-label=format!("Убрать период №{n}") on:click=move |_| rows.update(|r| { r.remove(i); })>
                    "Убрать период"
                </button>
            </fieldset>
        }
    };
    view! {
        <form class="year" on:submit=submit novalidate aria-label=format!("Учебный год {label}")>
            <h3>{format!("Учебный год {label}")}</h3>
            {move || (0..rows.with(|r| r.len())).map(row_view).collect_view()}
            {move || errors.get().0.into_iter().map(|e| view! { <p class="field-error">{e.message}</p> }).collect_view()}
            <NoticeView notice=notice />
            <div class="actions">
                <button type="button" on:click=move |_| rows.update(|r| r.push(PeriodForm::default()))>"Добавить период"</button>
                <button type="submit" class="primary">"Сохранить периоды"</button>
            </div>
        </form>
    }
}

#[component]
fn AddYearForm() -> impl IntoView {
    let app = use_app();
    let year = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Notice>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start) = year.get_untracked().parse::<i32>() else {
            notice.set(Some(Notice::Error("Выберите учебный год.".into())));
            return;
        };
        spawn_local(async move {
            let result = app
                .apply(|p, _| {
                    if p.year(start).is_some() {
                        return Err(format!(
                            "Учебный год {} уже есть.",
                            portfolio_core::school_year::year_label(start)
                        ));
                    }
                    p.years.push(SchoolYear::with_quarters(start));
                    p.years.sort_by_key(|y| y.start_year);
                    Ok(((), vec![Key::Years]))
                })
                .await;
            notice.set(Some(match result {
                Ok(()) => Notice::Ok("Учебный год добавлен.".into()),
                Err(m) => Notice::Error(m),
            }));
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <h3>"Добавить учебный год"</h3>
            <SelectField id="new-year" label="Новый учебный год" options=year_options() value=year on_change=move |v| year.set(v) empty="— выберите —" />
            <NoticeView notice=notice />
            <button type="submit" class="primary">"Добавить учебный год"</button>
        </form>
    }
}
