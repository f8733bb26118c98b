// Writes a generated school (gen_school's JSON at `file`) into the app's
// IndexedDB through `page`, as the app stores it; gives its size.
export async function storeSchool(page, url, file) {
  await page.route('**/bench-data.json', (route) => route.fulfill({ path: file, contentType: 'application/json' }));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Начало работы' }).waitFor();
  return page.evaluate(async () => {
    const data = await (await fetch('bench-data.json')).json();
    const db = await new Promise((ok, err) => {
      const r = indexedDB.open('portfolio');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => err(r.error);
    });
    const tx = db.transaction(['meta', 'students'], 'readwrite');
    for (const [k, v] of Object.entries(data.meta)) tx.objectStore('meta').put(v, k);
    data.students.forEach((doc) => tx.objectStore('students').put(doc, JSON.parse(doc).student.id));
    await new Promise((ok, err) => { tx.oncomplete = ok; tx.onerror = () => err(tx.error); });
    db.close();
    const achievements = data.students.reduce((n, d) => n + JSON.parse(d).achievements.length, 0);
    return { students: data.students.length, achievements, bytes: data.students.reduce((n, d) => n + d.length, 0) };
  });
}
