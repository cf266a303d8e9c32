"""The frame every page is drawn in, shared by all of them: starting a page
(navigation: the registry, the sidebar, the title) and ending or stopping it
(ending), URL-bound controls, the shared dataset and uploads, the cache and the
cached solver calls (compute), charts with their words and numbers, lesson links,
presenter mode, weights side by side, downloads."""
