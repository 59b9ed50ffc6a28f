extension DefaultTheme {
    /// The page skeleton every page is rendered into.
    static let layout = #"""
<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Casebook">
<title>{{title}} · {{site_name}}</title>
<meta name="description" content="{{description}}">
<link rel="stylesheet" href="{{root}}assets/style.css">
<script src="{{root}}assets/site.js" defer></script>
<script src="{{root}}assets/search.js" defer></script>
</head>
<body class="{{body_class}}">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="site-header-inner">
    <a class="brand" href="{{root}}index.html"><span class="brand-mark" aria-hidden="true">▣</span> {{site_name}}</a>
    <nav class="site-nav" aria-label="Site">
      <ul>
        <li><a href="{{root}}index.html">Handbook</a></li>
        <li><a href="{{root}}codes/index.html">Policy codes</a></li>
        <li><a href="{{root}}whats-new.html">What’s new</a></li>
        <li><a href="{{root}}markets/index.html">Markets</a></li>
        <li><a href="{{root}}tags/index.html">Tags</a></li>
        <li><a href="{{root}}quiz.html">Quizzes</a></li>
      </ul>
    </nav>
    <form class="search" role="search" action="{{root}}search.html" method="get">
      <label class="visually-hidden" for="site-search">Search the handbook</label>
      <input id="site-search" name="q" type="search" placeholder="Search SOPs and codes (press /)" autocomplete="off" spellcheck="false"
             role="combobox" aria-expanded="false" aria-controls="site-search-results" aria-autocomplete="list" aria-describedby="site-search-status">
      <div id="site-search-results" class="search-results" role="listbox" aria-label="Search results" hidden></div>
      <span id="site-search-status" class="visually-hidden" role="status" aria-live="polite"></span>
    </form>
  </div>
</header>
<div class="page">
  {{{breadcrumbs}}}
  <div class="columns">
    <main id="main" tabindex="-1">
{{{main}}}
    </main>
    {{{aside}}}
  </div>
</div>
<footer class="site-footer">
  <p>{{site_name}} · built from the team’s SOPs. Spot something wrong? Tell the SOP’s owner.</p>
</footer>
</body>
</html>

"""#
}
