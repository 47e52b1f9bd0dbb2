/* Interactive survey charts (opt-in with `interactive: true`).
   Loaded only on pages that have such a chart, after the self-hosted Vega
   bundle. Each static SVG is swapped for a live Vega view with tooltips; when
   JavaScript, the bundle or the spec is unavailable, the static SVG (and the
   data table) stay exactly as they are.

   The site's Content-Security-Policy allows no eval and no inline style, so
   Vega runs with its expression interpreter (`ast: true`: expressions are
   parsed and walked, never compiled with new Function), and neither
   vega-embed nor vega-tooltip injects a <style> element (`defaultStyle:
   false`, `disableDefaultStyle: true`): their few rules are in findings.css. */
(function () {
  "use strict";
  if (typeof window.vegaEmbed !== "function" || typeof window.fetch !== "function") {
    return;
  }
  var boxes = document.querySelectorAll(".chart-image[data-spec]");
  Array.prototype.forEach.call(boxes, function (box) {
    var still = box.querySelector("svg");
    if (!still) {
      return;
    }
    window.fetch(box.getAttribute("data-spec"))
      .then(function (response) {
        if (!response.ok) {
          throw new Error("spec " + response.status);
        }
        return response.json();
      })
      .then(function (spec) {
        var live = document.createElement("div");
        live.className = "chart-live";
        box.appendChild(live);
        return window.vegaEmbed(live, spec, {
          actions: false,
          renderer: "svg",
          ast: true,
          defaultStyle: false,
          tooltip: { disableDefaultStyle: true }
        })
          .then(function () {
            var svg = live.querySelector("svg");
            if (!svg) {
              live.remove();
              return;
            }
            // One image with the figure's title as its name, as the static
            // chart is: the marks inside are not announced one by one.
            Array.prototype.forEach.call(svg.querySelectorAll("[role], [aria-label], [aria-roledescription]"), function (el) {
              el.removeAttribute("role");
              el.removeAttribute("aria-label");
              el.removeAttribute("aria-roledescription");
            });
            ["role", "aria-labelledby", "aria-describedby"].forEach(function (name) {
              if (still.hasAttribute(name)) {
                svg.setAttribute(name, still.getAttribute(name));
              }
            });
            box.classList.add("is-live");
          });
      })
      .catch(function () {
        /* Keep the static chart. */
      });
  });
})();
