/* The writers' editor (Decap CMS) for a Pelican site: the build copies this
 * file to /admin/pelican.js (plugins/cms_admin).
 *
 * - The "pelican" file format: the `Key: value` block at the top of a post
 *   (docs/writing-posts.md), a blank line, then the Markdown. A file opened
 *   and saved unchanged is written back byte for byte: each header line the
 *   writer did not change is written as it was read, keys the editor does not
 *   know are kept, in their place. tests/unit/test_cms_format.py runs
 *   parse -> serialise over every file in content/ (in Node).
 * - "Survey chart" and "Headline number" editor components, writing the
 *   ```chart blocks and {{ … }} numbers of docs/writing-charts.md.
 * - The preview pane, in the site's own stylesheet.
 */
(function (root) {
  "use strict";

  var KEY_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^[ ]{4,}(.*)$/;
  var DELIMITERS = ["---", "..."];
  // The editor's name for the original field in the file: lower case, `-` as `_`.
  var MEMORY = "pelican_file";

  function fieldName(key) {
    return key.toLowerCase().replace(/-/g, "_");
  }

  /* Read a file as content_checks/metadata.py does: the header block (with its
   * lines kept as written), then the body. */
  function parse(text) {
    var lines = text.split("\n");
    var index = 0;
    var prefix = [];
    if (lines.length && DELIMITERS.indexOf(lines[0].trim()) >= 0) {
      prefix.push(lines[0]);
      index = 1;
    }
    var entries = [];
    var last = null;
    var separator = [];
    while (index < lines.length) {
      var line = lines[index];
      if (!line.trim()) {
        separator.push(line);
        index += 1;
        break;
      }
      if (DELIMITERS.indexOf(line.trim()) >= 0) break;
      var key = KEY_LINE.exec(line);
      var more = CONTINUATION.exec(line);
      if (key) {
        last = { key: key[1].toLowerCase(), value: key[2].trim(), raw: [line] };
        entries.push(last);
      } else if (more && last) {
        last.value = (last.value + " " + more[1].trim()).trim();
        last.raw.push(line);
      } else {
        break;
      }
      index += 1;
    }
    if (index < lines.length && DELIMITERS.indexOf(lines[index].trim()) >= 0) {
      separator.push(lines[index]);
      index += 1;
    }
    return {
      prefix: prefix,
      entries: entries,
      separator: separator,
      body: lines.slice(index).join("\n"),
    };
  }

  /* The editor's data for a file: each known key as a field (Slug and
   * Feed-Id in "advanced"), the body, and the file as read (MEMORY). */
  function fromFile(text, keys, advanced) {
    var file = parse(text);
    var data = {};
    var seen = {};
    file.entries.forEach(function (entry) {
      if (!(entry.key in keys) || seen[entry.key]) return;
      seen[entry.key] = true;
      if (advanced.indexOf(entry.key) >= 0) {
        data.advanced = data.advanced || {};
        data.advanced[fieldName(entry.key)] = entry.value;
      } else {
        data[fieldName(entry.key)] = entry.value;
      }
    });
    data.body = file.body;
    data[MEMORY] = JSON.stringify(file);
    return data;
  }

  function valueOf(data, key, advanced) {
    var holder = advanced.indexOf(key) >= 0 ? data.advanced || {} : data;
    var value = holder[fieldName(key)];
    if (value === undefined || value === null) return "";
    if (Array.isArray(value)) value = value.join(", ");
    // One line per field: a summary typed over several lines is joined.
    return String(value).replace(/\s*\n\s*/g, " ").trim();
  }

  /* The file for the editor's data: unchanged lines as they were, changed
   * ones as `Key: value`, new ones in the guide's order, a blank line, the body. */
  function toFile(data, keys, advanced) {
    var file = data[MEMORY] ? JSON.parse(data[MEMORY]) : null;
    var lines = [];
    var done = {};
    if (file) {
      file.entries.forEach(function (entry) {
        if (!(entry.key in keys) || done[entry.key]) {
          lines.push.apply(lines, entry.raw);
          return;
        }
        done[entry.key] = true;
        var value = valueOf(data, entry.key, advanced);
        if (value === entry.value) lines.push.apply(lines, entry.raw);
        else if (value) lines.push(keys[entry.key] + ": " + value);
      });
    }
    Object.keys(keys).forEach(function (key) {
      if (done[key]) return;
      var value = valueOf(data, key, advanced);
      if (value) lines.push(keys[key] + ": " + value);
    });
    var body = data.body === undefined || data.body === null ? "" : String(data.body);
    if (!file || body !== file.body) {
      // As the editor writes it: no blank lines before the text (the one
      // blank line after the header is the separator), one newline at the end.
      body = body.replace(/^([ \t]*\n)+/, "");
      if (body && body.slice(-1) !== "\n") body += "\n";
    }
    var prefix = file ? file.prefix : [];
    var separator = file ? file.separator : [""];
    return prefix.concat(lines, separator).join("\n") + "\n" + body;
  }

  // -- the chart and headline-number blocks (docs/writing-charts.md) ---------------
  var CHART_KEYS = ["survey", "question", "group", "kind", "title", "description"];
  var CHART_BLOCK = /^```chart\n([\s\S]*?)\n```$/;
  var NUMBER = /^\{\{ *([a-z0-9\/-]+) *(?:: *([^|}]*?))? *(?:\| *([^}]*?))? *\}\}$/;

  function chartFromBlock(match) {
    var data = {};
    match[1].split("\n").forEach(function (line) {
      var pair = /^([a-z]+):\s*(.*)$/.exec(line.trim());
      if (pair) data[pair[1]] = pair[2];
    });
    return data;
  }

  function chartToBlock(data) {
    var lines = CHART_KEYS.filter(function (key) {
      return data[key];
    }).map(function (key) {
      return key + ": " + String(data[key]).replace(/\s*\n\s*/g, " ").trim();
    });
    return "```chart\n" + lines.join("\n") + "\n```";
  }

  function numberFromBlock(match) {
    return { question: match[1], answer: match[2] || "", format: match[3] || "" };
  }

  function numberToBlock(data) {
    var text = "{{ " + (data.question || "");
    if (data.answer && data.format !== "base") text += ": " + data.answer;
    if (data.format) text += " | " + data.format;
    return text + " }}";
  }

  var api = {
    parse: parse,
    fromFile: fromFile,
    toFile: toFile,
    chart: { pattern: CHART_BLOCK, fromBlock: chartFromBlock, toBlock: chartToBlock },
    number: { pattern: NUMBER, fromBlock: numberFromBlock, toBlock: numberToBlock },
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  // -- in the browser: register with Decap ------------------------------------------
  var CMS = root.CMS;
  var site = root.SITE_DATA;
  var keys = site.headerKeys;
  var advanced = site.advanced;

  CMS.registerCustomFormat("pelican", "md", {
    fromFile: function (text) {
      return fromFile(text, keys, advanced);
    },
    toFile: function (data) {
      return toFile(data, keys, advanced);
    },
  });

  function escape(text) {
    return String(text === undefined || text === null ? "" : text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function question(id, survey) {
    return site.questions.filter(function (q) {
      return q.id === id && (!survey || q.survey === survey);
    })[0];
  }

  var several = site.editions.length > 1;

  CMS.registerEditorComponent({
    id: "survey-chart",
    label: "Survey chart",
    fields: [
      {
        name: "survey",
        label: "Survey",
        widget: "select",
        options: site.editions.map(function (e) {
          return { label: e.title, value: e.id };
        }),
        default: site.editions.length ? site.editions[0].id : "",
      },
      {
        name: "question",
        label: "Question",
        widget: "select",
        options: site.questions.map(function (q) {
          return { label: (several ? q.survey + ": " : "") + q.text, value: q.id };
        }),
      },
      {
        name: "group",
        label: "Compare groups",
        widget: "select",
        required: false,
        options: site.groups.map(function (g) {
          return { label: (several ? g.survey + ": " : "") + "by " + g.name, value: g.id };
        }),
      },
      {
        name: "kind",
        label: "Kind of chart",
        widget: "select",
        required: false,
        options: [
          { label: "Bars, one per answer (bar)", value: "bar" },
          { label: "One bar split into the answers (stacked)", value: "stacked" },
          { label: "Bars side by side for each group (grouped)", value: "grouped" },
        ],
      },
      { name: "title", label: "Title: the message of the chart", widget: "string" },
      {
        name: "description",
        label: "Description: what the chart shows, for people who cannot see it",
        widget: "text",
      },
    ],
    pattern: CHART_BLOCK,
    fromBlock: chartFromBlock,
    toBlock: chartToBlock,
    toPreview: function (data) {
      var q = question(data.question, data.survey);
      var drawn = site.charts[[data.survey, data.question, data.description].join("|")];
      var chart = drawn
        ? '<img src="' + escape(drawn.png) + '" alt="' + escape(data.description) +
          '" width="' + drawn.width + '" height="' + drawn.height + '">'
        : '<p style="border:2px dashed #12436d;padding:2em 1em;text-align:center">' +
          "Chart of the answers to “" + escape(data.question) + "”" +
          (data.group ? " by " + escape(data.group) : "") +
          ": the site draws it when it is built.</p>";
      return (
        '<figure class="chart' + (drawn ? "" : " chart-placeholder") + '">' +
        "<figcaption><strong>" + escape(data.title) + "</strong>" +
        (q ? "<br>" + escape(q.text) : "") + "</figcaption>" + chart +
        "<p>" + escape(data.description) + "</p></figure>"
      );
    },
  });

  CMS.registerEditorComponent({
    id: "headline-number",
    label: "Headline number",
    fields: [
      {
        name: "question",
        label: "Question",
        widget: "select",
        options: site.questions.map(function (q) {
          return { label: (several ? q.survey + ": " : "") + q.text, value: q.id };
        }),
      },
      {
        name: "answer",
        label: "Answer, exactly as in the survey (join two with +)",
        widget: "string",
        required: false,
      },
      {
        name: "format",
        label: "Show it as",
        widget: "select",
        required: false,
        options: [
          { label: "a percentage: 42%", value: "" },
          { label: "a number of organisations: 55", value: "count" },
          { label: "how many answered: 132", value: "base" },
          { label: "four in ten", value: "in-ten" },
          { label: "Four in ten (start of a sentence)", value: "In-ten" },
        ],
      },
    ],
    pattern: NUMBER,
    fromBlock: numberFromBlock,
    toBlock: numberToBlock,
    toPreview: function (data) {
      return "<strong>[" + escape(data.format === "base" ? "number who answered" : data.answer) +
        " — " + escape(data.question) + "]</strong>";
    },
  });

  if (site.stylesheet) CMS.registerPreviewStyle(site.stylesheet);

  // The preview: the post as the site lays it out (theme/templates/article.html),
  // in the site's stylesheet. Charts show as the placeholder above.
  var h = root.h;
  var Preview = root.createClass({
    render: function () {
      var entry = this.props.entry;
      function get(key) {
        var value = entry.getIn(["data", key]);
        return value === undefined || value === null ? "" : String(value);
      }
      var byline = [get("author") && "By " + get("author"), get("date")].filter(Boolean);
      return h(
        "main",
        { id: "main", className: "wrap" },
        h(
          "article",
          { className: "post" },
          h(
            "header",
            { className: "post-header" },
            h("h1", {}, get("title")),
            get("summary") ? h("p", { className: "standfirst" }, get("summary")) : null,
            byline.length ? h("p", { className: "byline" }, byline.join(" · ")) : null,
            get("category") ? h("p", { className: "post-category" }, "In " + get("category")) : null
          ),
          h("div", { className: "prose" }, this.props.widgetFor("body"))
        )
      );
    },
  });
  ["posts", "findings", "pages"].forEach(function (name) {
    CMS.registerPreviewTemplate(name, Preview);
  });
})(typeof window !== "undefined" ? window : this);
