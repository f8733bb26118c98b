//! «Администрирование → Школа и учебные годы»: the school's name, school years and their periods.

use crate::pages::start::home::teacher_years;
use crate::state::{random_id, use_app, ActionError};
use crate::ui::field::InputKind;
use crate::ui::{FormState, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::school_year::{parse_periods, year_label, PeriodForm};
use portfolio_core::util::id::Context;
use portfolio_core::{School, SchoolYear};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    view! {
        <super::AdminHeader current=1 />
        <SchoolForm />
        <section aria-labelledby="years-h">
            <h2 id="years-h">"Учебные годы и периоды"</h2>
            <p class="hint">
                "Периоды используются в фильтрах достижений. По умолчанию — четверти; их границы можно изменить или заменить на триместры."
            </p>
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
    let state = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        spawn_local(async move {
            let result = app
                .edit_school(|p, ctx| {
                    let mut school = School::parse(&name.get_untracked(), ctx.revision())
                        .map_err(|e| state.invalid(e))?;
                    // A new name keeps the school's «Баллы рейтинга» factors.
                    school.rating = p.school.as_ref().map(|s| s.rating).unwrap_or_default();
                    p.school = Some(school);
                    Ok(())
                })
                .await;
            state.end(result.map(|_| Some("Название школы сохранено.".into())));
        });
    };
    view! {
        <section aria-labelledby="school-h">
            <h2 id="school-h">"Школа"</h2>
            <form on:submit=submit novalidate>
                <TextField id="school-name" label="Название школы" required=true value=name on_input=move |v| name.set(v) error=state.error("school_name") />
                <NoticeView notice=state.notice />
                <button type="submit" class="primary" disabled=state.busy>"Сохранить название"</button>
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
    let state = FormState::new();
    let label = year.label();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        spawn_local(async move {
            let result = app
                .edit_years(|p, ctx| {
                    let periods = parse_periods(start_year, &rows.get_untracked(), &mut random_id)
                        .map_err(|e| state.invalid(e))?;
                    let rev = ctx.revision();
                    match p.years.iter_mut().find(|y| y.start_year == start_year) {
                        Some(y) => {
                            y.periods = periods;
                            y.rev = rev;
                        }
                        None => p.years.push(SchoolYear {
                            start_year,
                            periods,
                            rev,
                        }),
                    }
                    Ok(())
                })
                .await;
            state.end(result.map(|_| Some("Периоды сохранены.".into())));
        });
    };
    let row_view = move |i: usize| {
        let get = move |f: fn(&PeriodForm) -> String| {
            Signal::derive(move || rows.with(|r| r.get(i).map(f).unwrap_or_default()))
        };
        let n = i + 1;
        let id = |what: &str| format!("p{start_year}-{i}-{what}");
        view! {
            <fieldset class="period">
                <legend>{format!("Период №{n}")}</legend>
                <TextField id=id("name") label="Название периода" value=get(|r| r.name.clone()) on_input=move |v| rows.update(|r| r[i].name = v) />
                <TextField id=id("start") label="Начало" kind=InputKind::Date value=get(|r| r.start.clone()) on_input=move |v| rows.update(|r| r[i].start = v) />
                <TextField id=id("end") label="Окончание" kind=InputKind::Date value=get(|r| r.end.clone()) on_input=move |v| rows.update(|r| r[i].end = v) />
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
            {move || state.errors.get().0.into_iter().map(|e| view! { <p class="field-error">{e.message}</p> }).collect_view()}
            <NoticeView notice=state.notice />
            <div class="actions">
                <button type="button" on:click=move |_| rows.update(|r| r.push(PeriodForm::default()))>"Добавить период"</button>
                <button type="submit" class="primary" disabled=state.busy>"Сохранить периоды"</button>
            </div>
        </form>
    }
}

#[component]
fn AddYearForm() -> impl IntoView {
    let app = use_app();
    let year = RwSignal::new(String::new());
    let state = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        let chosen = year.get_untracked().parse::<i32>();
        spawn_local(async move {
            let result = app
                .edit_years(|p, _| {
                    let start = chosen.map_err(|_| ActionError::from("Выберите учебный год."))?;
                    if p.year(start).is_some() {
                        return Err(format!("Учебный год {} уже есть.", year_label(start)).into());
                    }
                    p.years.push(SchoolYear::with_quarters(start));
                    portfolio_core::records::school_year::sort_years(&mut p.years);
                    Ok(())
                })
                .await;
            state.end(result.map(|_| Some("Учебный год добавлен.".into())));
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <h3>"Добавить учебный год"</h3>
            <SelectField id="new-year" label="Новый учебный год" options=teacher_years() value=year on_change=move |v| year.set(v) empty="— выберите —" />
            <NoticeView notice=state.notice />
            <button type="submit" class="primary" disabled=state.busy>"Добавить учебный год"</button>
        </form>
    }
}
