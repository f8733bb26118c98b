//! Pieces shared by the assessment screens (the class «Достижения» table,
//! «Рейтинг» of a student, «Отчёты», the printed portfolio): the span
//! filter, a report table with «Скачать CSV (Excel)» and «Печать», and
//! printing one part of a screen.

use crate::pages::common::year_options;
use crate::state::use_app;
use crate::ui::SelectField;
use leptos::prelude::*;
use portfolio_core::assessment::report::Table;
use portfolio_core::records::filter::AchievementFilter;
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Id};
use wasm_bindgen::JsCast;

/// School years to choose from: configured ones, those of the classes and
/// of the achievements, and the current one, newest first.
fn span_years() -> Signal<Vec<(String, String)>> {
    year_options(|p, this| p.years_in_use().into_iter().chain([this]).collect())
}

/// «Учебный год», «Период» and (with `with_type`) «Тип достижения» for a
/// filter the screen keeps (`filter.year` always set). Built once: the
/// selects follow `filter`, so a choice keeps the focus where it was and
/// the periods offered are always those of the chosen year.
#[component]
pub fn SpanFilter(
    #[prop(into)] filter: Signal<AchievementFilter>,
    on_change: Callback<AchievementFilter>,
    #[prop(optional)] with_type: bool,
) -> impl IntoView {
    let opt = |o: &Option<Id>| o.as_ref().map(|i| i.0.clone()).unwrap_or_default();
    let year = Signal::derive(move || filter.with(|f| f.year));
    let change = move |edit: fn(&mut AchievementFilter, String)| {
        move |v: String| {
            let mut next = filter.get_untracked();
            edit(&mut next, v);
            on_change.run(next);
        }
    };
    let on_year = change(|f, v| {
        f.year = v.parse().ok();
        f.period_id = None;
    });
    let on_period = change(|f, v| f.period_id = (!v.is_empty()).then_some(Id(v)));
    let on_type = change(|f, v| f.type_id = (!v.is_empty()).then_some(Id(v)));
    view! {
        <fieldset class="filters no-print">
            <legend>"Период"</legend>
            <SelectField id="span-year" label="Учебный год" options=span_years()
                value=Signal::derive(move || year.get().map(|y| y.to_string()).unwrap_or_default()) on_change=on_year />
            <SelectField id="span-period" label="Период" options=crate::pages::common::period_options(year)
                value=Signal::derive(move || filter.with(|f| opt(&f.period_id))) on_change=on_period empty="Весь год" />
            {with_type.then(|| view! {
                <SelectField id="span-type" label="Тип достижения" options=crate::pages::common::catalogue_options(CatalogueKind::AchievementTypes)
                    value=Signal::derive(move || filter.with(|f| opt(&f.type_id))) on_change=on_type empty="Все типы" />
            })}
        </fieldset>
    }
}

/// Prints the element with id `part` only (the rest of the screen is hidden
/// on paper), or the whole screen for `None`.
pub fn print(part: Option<&str>) {
    let Some(w) = web_sys::window() else { return };
    let doc = w.document();
    let body = doc.as_ref().and_then(|d| d.body());
    let el = part.and_then(|id| doc.as_ref().and_then(|d| d.get_element_by_id(id)));
    if let (Some(b), Some(el)) = (&body, &el) {
        let _ = b.class_list().add_1("print-one");
        let _ = el.class_list().add_1("printing");
    }
    let _ = w.print();
    // print() returns once the dialog is closed (or at once on some
    // phones, which print the page as it is now: the classes go a little later).
    let undo = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let (Some(b), Some(el)) = (body, el) {
            let _ = b.class_list().remove_1("print-one");
            let _ = el.class_list().remove_1("printing");
        }
    });
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(undo.unchecked_ref(), 1000);
}

/// «Скачать CSV (Excel)» for a table.
pub fn save_csv(table: &Table, what: &str) -> Result<(), String> {
    let app = use_app();
    let name = portfolio_core::assessment::report::csv_name(what, app.ctx().today());
    crate::browser::device::download(table.to_csv().as_bytes(), &name, "text/csv;charset=utf-8")
}

/// A report: its heading, the table (scrolling sideways inside its box on a
/// phone), «Скачать CSV (Excel)» and «Печать». `id` names the section.
#[component]
pub fn ReportSection(
    id: &'static str,
    table: Signal<Table>,
    /// Names the CSV file: «Отчёт_<what>_<date>.csv».
    what: Signal<String>,
) -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let csv = move |_| {
        let r = table.with_untracked(|t| save_csv(t, &what.get_untracked()));
        failed.set(r.err());
    };
    view! {
        <section class="report" id=id aria-labelledby=format!("{id}-h")>
            <h2 id=format!("{id}-h")>{move || table.with(|t| t.title.clone())}</h2>
            {move || table.with(|t| table_view(t, id))}
            {move || failed.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <div class="actions no-print">
                <button type="button" on:click=csv aria-label=move || format!("Скачать CSV (Excel): {}", table.with(|t| t.title.clone()))>"Скачать CSV (Excel)"</button>
                <button type="button" on:click=move |_| print(Some(id)) aria-label=move || format!("Печать: {}", table.with(|t| t.title.clone()))>"Печать"</button>
            </div>
        </section>
    }
}

/// A table as HTML: the first cell of each row heads the row.
pub fn table_view(t: &Table, id: &str) -> AnyView {
    if t.rows.is_empty() {
        return view! { <p class="empty">"Нет данных за выбранный период."</p> }.into_any();
    }
    let head = t.head.clone();
    let rows = t.rows.clone();
    let total = t.total.clone();
    view! {
        <div class="table-scroll" role="region" aria-label=t.title.clone() tabindex="0">
            <table class="report-table" id=format!("{id}-table")>
                <thead>
                    <tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(row_view).collect_view()}
                </tbody>
                {total.map(|row| view! { <tfoot>{row_view(row)}</tfoot> })}
            </table>
        </div>
    }
    .into_any()
}

fn row_view(row: Vec<String>) -> impl IntoView {
    let mut cells = row.into_iter();
    let first = cells.next().unwrap_or_default();
    view! {
        <tr>
            <th scope="row">{first}</th>
            {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
        </tr>
    }
}
