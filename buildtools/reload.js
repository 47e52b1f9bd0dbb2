// `invoke serve` only (buildtools/serve.py adds this script to every page it
// serves; the built site never has it): reload the page after each rebuild.
new EventSource("/.serve/events").onmessage = () => location.reload();
