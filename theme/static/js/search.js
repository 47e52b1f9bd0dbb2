// Site search, on the search page only (theme/templates/search.html).
//
// Asks Pagefind (pagefind.js and its index, built with the site by the
// site_search plugin and served from this site) and lists the results as
// headings with links, dates and excerpts. The number of results is announced
// in the page's status region. The form also works alone: the page is opened
// with ?q=… from the header's box, and this script reads it. Pagefind is
// loaded only once someone searches (or focuses the box), so the page itself
// stays light. Nothing here builds HTML from strings: text goes in as text.

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");

const PAGE_SIZE = 10;
const TYPING_PAUSE_MS = 300;

let dates;
try {
  dates = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "long", year: "numeric", timeZone: form.dataset.timezone || undefined,
  });
} catch {
  dates = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

let engine = null; // the promise of pagefind.js, loaded once
let latest = 0; // number of the newest search; answers to older ones are dropped
let waiting = []; // results found but not shown yet
let typing = 0;

function pagefind() {
  if (!engine) {
    engine = import(form.dataset.bundle + "pagefind.js").then(async (module) => {
      // Pagefind runs its WebAssembly engine in a web worker from the bundle
      // folder, so only that folder's responses need 'wasm-unsafe-eval' in
      // the Content-Security-Policy (deploy/nginx.conf); this page stays strict.
      await module.options({ baseUrl: form.dataset.base, excerptLength: 24 });
      return module;
    });
    engine.catch(() => { engine = null; }); // try again on the next search
  }
  return engine;
}

function say(text) {
  status.textContent = text;
}

// Pagefind's excerpt is the page's text with "<" and ">" escaped and the
// matching words in <mark>: rebuilt as text nodes and <mark> elements. Only
// the word is highlighted, never the punctuation or spaces around it
// ("co-production," marks "co-production"). An excerpt cut from the middle
// of the page's text starts or ends with "…".
const EDGES = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u;

function unescapeText(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

function squash(text) {
  return text.replace(/\s+/g, " ").trim();
}

function excerptNodes(excerpt, content) {
  const nodes = [];
  let marked = false;
  for (const part of (excerpt || "").split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    if (!part) continue;
    const text = unescapeText(part);
    const [, before, word, after] = marked ? text.match(EDGES) : ["", "", "", ""];
    if (marked && word) {
      const mark = document.createElement("mark");
      mark.textContent = word;
      if (before) nodes.push(document.createTextNode(before));
      nodes.push(mark);
      if (after) nodes.push(document.createTextNode(after));
    } else {
      nodes.push(document.createTextNode(text));
    }
  }
  const shown = squash(unescapeText((excerpt || "").replace(/<\/?mark>/g, "")));
  const whole = squash(content || "");
  if (shown && whole) {
    if (!whole.startsWith(shown)) nodes.unshift(document.createTextNode("… "));
    if (!whole.endsWith(shown)) nodes.push(document.createTextNode(" …"));
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  item.append(heading);
  const iso = data.meta && data.meta.date;
  const when = iso ? new Date(iso) : null;
  if (when && !Number.isNaN(when.getTime())) {
    const meta = document.createElement("p");
    meta.className = "meta";
    const time = document.createElement("time");
    time.dateTime = iso;
    time.textContent = dates.format(when);
    meta.append(time);
    item.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  excerpt.append(...excerptNodes(data.excerpt, data.content));
  item.append(excerpt);
  return item;
}

async function showMore(search) {
  const batch = waiting.slice(0, PAGE_SIZE);
  waiting = waiting.slice(PAGE_SIZE);
  const found = await Promise.all(batch.map((result) => result.data()));
  if (search !== latest) return null;
  const items = found.map(resultItem);
  list.append(...items);
  list.hidden = list.children.length === 0;
  more.hidden = waiting.length === 0;
  return items[0] || null;
}

function failed() {
  list.replaceChildren();
  list.hidden = true;
  more.hidden = true;
  say("Sorry, search is not working at the moment. You can still find every post in the archives.");
}

async function search(text) {
  const search = ++latest;
  const term = text.trim();
  const url = new URL(window.location.href);
  if (term) url.searchParams.set("q", term);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url);
  if (!term) {
    list.replaceChildren();
    list.hidden = true;
    more.hidden = true;
    say("");
    return;
  }
  let response;
  try {
    response = await (await pagefind()).search(term);
  } catch {
    if (search === latest) failed();
    return;
  }
  if (search !== latest) return;
  waiting = response.results;
  const total = waiting.length;
  try {
    list.replaceChildren();
    await showMore(search);
  } catch {
    if (search === latest) failed();
    return;
  }
  if (search !== latest) return;
  say(total === 0
    ? `No results for “${term}”. Check the spelling, or try fewer or other words.`
    : `${total} ${total === 1 ? "result" : "results"} for “${term}”.`);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  window.clearTimeout(typing);
  search(input.value);
});

input.addEventListener("input", () => {
  window.clearTimeout(typing);
  typing = window.setTimeout(() => search(input.value), TYPING_PAUSE_MS);
});

// Start loading the index as soon as someone is about to type.
input.addEventListener("focus", () => { pagefind().catch(() => {}); }, { once: true });

more.querySelector("button").addEventListener("click", async () => {
  const first = await showMore(latest).catch(() => null);
  // Keyboard and screen reader users carry on from the first new result.
  if (first) first.querySelector("a").focus();
});

const query = new URLSearchParams(window.location.search).get("q");
if (query) {
  input.value = query;
  search(query);
}
