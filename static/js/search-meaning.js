// The search page paints its full-text results first; when the query's vector was not cached yet,
// this fetches the same page with meaning=1 (full text fused with meaning) and swaps the results in.
(function () {
  var marker = document.querySelector(".search-meaning-pending[data-meaning-url]");
  if (!marker || !window.fetch || !window.DOMParser) return;
  fetch(marker.getAttribute("data-meaning-url"), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.text() : null; })
    .then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("search-results");
      var current = document.getElementById("search-results");
      if (fresh && current) current.replaceWith(fresh);
    })
    .catch(function () { /* the full-text results stay; the link still works */ });
})();
