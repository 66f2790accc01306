/* Yearline site behaviour: render the Plotly charts from their JSON blocks, auto-submitting
   selects, and instant compare filters that keep the URL in step (no inline scripts: CSP). */
(function () {
  "use strict";

  // A figure may carry a "narrow" variant (labels above rows, wrapped tighter, ...) for
  // containers narrower than narrow.below px: its layout keys replace the wide ones, its data
  // entries are merged into the traces (nested objects one level deep).
  function variant(fig, width) {
    var n = fig.narrow;
    if (!n || width >= n.below) return { data: fig.data, layout: fig.layout, narrow: false };
    var layout = Object.assign({}, fig.layout, n.layout || {});
    var data = fig.data.map(function (trace, i) {
      var patch = (n.data || [])[i] || {};
      var out = Object.assign({}, trace);
      Object.keys(patch).forEach(function (k) {
        var v = patch[k];
        out[k] = v && typeof v === "object" && !Array.isArray(v) && trace[k] && typeof trace[k] === "object"
          ? Object.assign({}, trace[k], v) : v;
      });
      return out;
    });
    return { data: data, layout: layout, narrow: true };
  }

  function openTarget(target) {
    if (typeof target === "string" && target.charAt(0) === "/") window.location.href = target;
  }

  function renderCharts() {
    if (typeof window.Plotly === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var fig = JSON.parse(source.textContent);
      var config = {
        displaylogo: false,
        responsive: true,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toImage"],
      };
      var shown = variant(fig, el.clientWidth);
      el.dataset.variant = shown.narrow ? "narrow" : "wide";
      window.Plotly.newPlot(el, shown.data, shown.layout, config).then(function () {
        el.classList.add("rendered");
      });
      el.on("plotly_click", function (ev) {
        var pt = ev && ev.points && ev.points[0];
        openTarget(pt && pt.customdata);
      });
      // row labels drawn as annotations carry their thread's URL in "name"
      el.on("plotly_clickannotation", function (ev) { openTarget(ev && ev.annotation && ev.annotation.name); });
      if (fig.narrow) {
        var timer = null;
        window.addEventListener("resize", function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            var next = variant(fig, el.clientWidth);
            if ((next.narrow ? "narrow" : "wide") === el.dataset.variant) return;
            el.dataset.variant = next.narrow ? "narrow" : "wide";
            window.Plotly.react(el, next.data, next.layout, config);
          }, 150);
        });
      }
    });
  }

  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
      if (sel.closest("#filters")) return; // handled instantly below
      sel.addEventListener("change", function () { sel.form.submit(); });
    });
  }

  var DEFAULT_KINDS = ["new", "changed", "dropped", "moved", "split", "merged", "restructured", "lead"];

  function compareFilters() {
    var form = document.getElementById("filters");
    if (!form) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("#rows .row"));
    var chips = Array.prototype.slice.call(form.querySelectorAll(".chip[data-kind]"));
    var agencySel = form.querySelector("select[name=agency]");
    var counter = document.getElementById("n-visible");
    var noRows = document.getElementById("no-rows");
    var hiddenNote = form.querySelector(".shown");

    function fromURL(search) {
      var p = new URLSearchParams(search);
      var kinds = [];
      p.getAll("kind").forEach(function (v) {
        v.split(",").forEach(function (k) { if (k && kinds.indexOf(k) < 0) kinds.push(k); });
      });
      return { kinds: kinds, agency: p.get("agency") || "", boilerplate: p.get("boilerplate") === "1" };
    }

    var state = fromURL(window.location.search);

    function urlFor(kinds, agency) {
      var p = new URLSearchParams(window.location.search);
      p.delete("kind");
      p.delete("agency");
      kinds.slice().sort(function (a, b) {
        return chips.map(function (c) { return c.dataset.kind; }).indexOf(a) -
          chips.map(function (c) { return c.dataset.kind; }).indexOf(b);
      }).forEach(function (k) { p.append("kind", k); });
      if (agency) p.set("agency", agency);
      var q = p.toString();
      return window.location.pathname + (q ? "?" + q : "");
    }

    function toggled(kind) {
      if (!kind) return [];
      var next = state.kinds.slice();
      var i = next.indexOf(kind);
      if (i >= 0) next.splice(i, 1); else next.push(kind);
      return next;
    }

    var runs = Array.prototype.slice.call(document.querySelectorAll("#rows details.run"));

    // rows on view: not hidden and not inside a closed run
    function countShown() {
      var n = 0;
      rows.forEach(function (r) {
        var run = r.closest("details.run");
        if (!r.hidden && (!run || run.open)) n += 1;
      });
      if (counter) counter.textContent = String(n);
      if (noRows) noRows.hidden = n > 0 || runs.some(function (d) { return !d.hidden; });
    }

    // the rules of webapp/views/site/compare_runs.py: by default a quiet row waits in its
    // closed run; with chosen kinds only the quiet rows of those kinds stay, and a run opens
    // when everything it holds was asked for
    function apply() {
      var explicit = state.kinds.length > 0;
      var effective = explicit ? state.kinds : DEFAULT_KINDS;
      var passing = new Set();
      rows.forEach(function (r) {
        var tags = r.dataset.tags.split(" ");
        var agencies = JSON.parse(r.dataset.agencies || "[]");
        var agencyOk = !state.agency || agencies.indexOf(state.agency) >= 0;
        var ok = tags.some(function (t) { return effective.indexOf(t) >= 0; }) && agencyOk &&
          (state.boilerplate || tags.indexOf("boilerplate") < 0);
        if (ok) passing.add(r);
        var quiet = r.closest("details.run") !== null;
        r.hidden = !(quiet && !explicit ? agencyOk : ok);
      });
      runs.forEach(function (d) {
        var members = Array.prototype.slice.call(d.querySelectorAll(".row")).filter(function (r) {
          return !r.hidden;
        });
        d.hidden = members.length === 0;
        d.open = explicit && members.length > 0 && members.every(function (r) { return passing.has(r); });
        var n = d.querySelector("summary .n");
        var w = d.querySelector("summary .w");
        if (n) n.textContent = String(members.length);
        if (w) w.textContent = members.length === 1 ? w.dataset.one : w.dataset.other;
      });
      chips.forEach(function (c) {
        var k = c.dataset.kind;
        if (!k) {
          c.classList.toggle("hidden", state.kinds.length === 0);
          c.href = urlFor([], state.agency);
          return;
        }
        var on = state.kinds.indexOf(k) >= 0;
        c.classList.toggle("active", on);
        c.setAttribute("aria-pressed", on ? "true" : "false");
        c.href = urlFor(toggled(k), state.agency);
      });
      if (agencySel) agencySel.value = state.agency;
      countShown();
      if (hiddenNote) hiddenNote.classList.toggle("explicit", state.kinds.length > 0);
    }

    runs.forEach(function (d) { d.addEventListener("toggle", countShown); });

    chips.forEach(function (c) {
      c.addEventListener("click", function (ev) {
        ev.preventDefault();
        state.kinds = toggled(c.dataset.kind);
        window.history.pushState(null, "", urlFor(state.kinds, state.agency));
        apply();
      });
    });
    if (agencySel) {
      agencySel.addEventListener("change", function () {
        state.agency = agencySel.value;
        window.history.pushState(null, "", urlFor(state.kinds, state.agency));
        apply();
      });
    }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    window.addEventListener("popstate", function () {
      state = fromURL(window.location.search);
      apply();
    });
    apply();
  }

  // Analysts' bulk actions: "all rows shown" ticks the checkbox of every row the filters show.
  function bulkSelect() {
    var all = document.getElementById("select-shown");
    if (!all) return;
    all.closest("label").hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll("#rows .row").forEach(function (r) {
        var box = r.querySelector("input[name=sel]");
        var run = r.closest("details.run");
        if (box) box.checked = all.checked && !r.hidden && (!run || run.open);
      });
    });
  }

  // A link to a row (#m-<n>) inside a collapsed run opens the run (and any enclosing
  // <details>) so that the row it cites is on view.
  function revealHash() {
    var id = window.location.hash.slice(1);
    if (!id) return;
    var el = document.getElementById(decodeURIComponent(id));
    if (!el) return;
    var opened = false;
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      if (!d.open) { d.open = true; opened = true; }
    }
    if (opened) el.scrollIntoView();
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    renderCharts();
    autosubmit();
    compareFilters();
    bulkSelect();
    revealHash();
    window.addEventListener("hashchange", revealHash);
  });
})();
