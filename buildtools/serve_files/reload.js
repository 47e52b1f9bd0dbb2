// `invoke serve` only (buildtools/serve.py adds this script to every page it
// serves; the built site never has it): reload the page after each rebuild,
// good or failed. The server puts the problems of a failed build over the page
// itself (buildtools/serve_files/problems.html), so this script does no more.
// `?build=` names the build this page came from: a rebuild that finished
// before this script connected still reloads it.
new EventSource("/.serve/events" + new URL(document.currentScript.src).search).onmessage = () =>
  location.reload();
