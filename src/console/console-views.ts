import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import nunjucks from 'nunjucks';

/**
 * The console's templates and the files its pages load, all served by the gateway itself: the
 * GOV.UK Frontend's stylesheet, script, fonts and images from its package, and the console's own
 * from src/console/assets (copied next to the compiled code by scripts/build.js).
 */
const GOVUK_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const GOVUK = path.join(GOVUK_DIST, 'govuk');
const OWN_VIEWS = path.join(__dirname, 'views');
const OWN_ASSETS = path.join(__dirname, 'assets');

/** Where every asset is served; the templates' assetPath. */
export const ASSET_PATH = '/console/assets';

/** Autoescaping on: every value a template prints is escaped unless a template marks it safe, which none does with request content. */
export function consoleTemplates(): nunjucks.Environment {
  return new nunjucks.Environment(new nunjucks.FileSystemLoader([OWN_VIEWS, GOVUK_DIST]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
}

/**
 * The stylesheet names its fonts and images under /assets: rewritten once to where they are
 * served here, so the console needs nothing at the site's root.
 */
function govukStylesheet(): string {
  return fs.readFileSync(path.join(GOVUK, 'govuk-frontend.min.css'), 'utf8').replaceAll('url(/assets/', `url(${ASSET_PATH}/`);
}

export function consoleAssets(): Router {
  const router = express.Router();
  const stylesheet = govukStylesheet();
  const cached = { maxAge: '1h', fallthrough: true, index: false as const };
  router.get(`${ASSET_PATH}/govuk-frontend.min.css`, (_req, res) => {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(stylesheet);
  });
  router.get(`${ASSET_PATH}/govuk-frontend.min.js`, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(path.join(GOVUK, 'govuk-frontend.min.js'), { headers: { 'Content-Type': 'text/javascript' } });
  });
  router.use(ASSET_PATH, express.static(OWN_ASSETS, cached), express.static(path.join(GOVUK, 'assets'), cached));
  return router;
}
