// Progressive enhancement only: every form works without this script.
import { initAll } from '/webjars/govuk-frontend/5.10.2/dist/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
