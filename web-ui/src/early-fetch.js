/*
 * Start-up requests made before Angular has even loaded (angular.json "scripts"; the build moves the
 * tag to the top of <head> as an async classic script, scripts/early-script-first.mjs, so this is the
 * page's first request): config.json at once and, on a deep link to
 * /viewer/{seriesUid} with auth.mode "none", that series' detail as soon as config.json says where
 * the viewer API is, then the viewer's preview of its first image (src/app/viewer/preview.ts). The
 * app picks them up through src/app/core/early-fetch.ts (each one once, and only when the URL is
 * exactly the one it would request) and makes the requests itself when they are not there, do not
 * match, or failed.
 *
 * Nothing is fetched early when sign-in is configured: with OIDC the bearer token is only known
 * after the app's auth init, and with basic auth the app's own request path is kept as well.
 * Plain ES5 on purpose: this file is copied as is, not compiled.
 */
(function () {
  'use strict';
  if (typeof window === 'undefined' || typeof fetch !== 'function' || typeof Promise === 'undefined') return;
  var early = (window.__medcloudEarly = window.__medcloudEarly || {});
  var base = document.baseURI;
  var configUrl = new URL('config.json', base).href;
  var config = fetch(configUrl, { cache: 'no-cache', headers: { Accept: 'application/json' } });
  // the app's copy, made before anything here reads the body
  early.config = { url: configUrl, response: config.then(function (response) { return response.clone(); }) };
  early.config.response.catch(function () {
    return undefined; // ConfigService sees the failure when it takes the response
  });

  var basePath = new URL(base).pathname.replace(/\/?$/, '/');
  var path = location.pathname;
  if (path.indexOf(basePath) !== 0) return;
  var match = /^viewer\/([^/?#]+)\/?$/.exec(path.slice(basePath.length));
  if (!match) return;
  var uid;
  try {
    uid = decodeURIComponent(match[1]);
  } catch (e) {
    return;
  }
  if (!/^[0-9]+(\.[0-9]+)*$/.test(uid)) return; // not a DICOM UID: the viewer says so itself

  function number(v) {
    if (typeof v === 'number' && isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && isFinite(Number(v))) return Number(v);
    return undefined;
  }
  /**
   * previewRequest + renderedUrl (src/app/viewer/preview.ts) for the plain shape of the detail
   * (toSeriesDetail in src/app/api/viewer-api.service.ts); anything else: no early preview.
   */
  function previewOf(viewerApi, body) {
    if (!body || typeof body !== 'object' || !Array.isArray(body.instances) || !body.studyInstanceUid) return undefined;
    var first = body.instances[0];
    var sop = first && typeof first === 'object' ? first.sopInstanceUid || first.sopInstanceUID : undefined;
    if (typeof sop !== 'string' || sop === '') return undefined;
    var width = number(first.windowWidth);
    var center = number(first.windowCenter);
    var params = new URLSearchParams();
    if (width != null && center != null && width > 0) {
      params.set('window', String(width));
      params.set('level', String(center));
    }
    params.set('format', 'png');
    var url = viewerApi + '/instances/' + encodeURIComponent(sop) + '/rendered?' + params;
    var preview = { url: url };
    preview.blob = fetch(url)
      .then(function (response) {
        return response.ok ? response.blob() : null;
      })
      .then(function (blob) {
        if (blob) preview.done = blob; // readable at once when the viewer starts
        return blob;
      });
    preview.blob.catch(function () {
      return undefined; // the viewer fetches it itself
    });
    return preview;
  }
  function text(v) {
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  }
  // The same reading of config.json as ConfigService.mergeConfig / mergeAuth (only what is needed here).
  var series = config
    .then(function (response) {
      if (!response.ok) throw new Error('config.json answered ' + response.status);
      return response.json();
    })
    .then(function (raw) {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) raw = {};
      var auth = raw.auth && typeof raw.auth === 'object' && !Array.isArray(raw.auth) ? raw.auth : {};
      var mode = (text(auth.mode) || '').toLowerCase();
      if (mode === 'oidc' || mode === 'basic') return null; // sign-in: the app fetches with its credentials
      var viewerApi = (text(raw.viewerApi) || '/api/viewer').replace(/\/+$/, '');
      var url = viewerApi + '/series/' + encodeURIComponent(uid);
      return fetch(url, { headers: { Accept: 'application/json, text/plain, */*' } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body == null) return null;
          early.preview = previewOf(viewerApi, body); // before the viewer can see the detail
          var got = { url: url, body: body };
          if (early.series) early.series.done = got; // readable at once when the viewer starts
          return got;
        });
    });
  early.series = { uid: uid, response: series };
  series.catch(function () {
    return undefined; // the viewer fetches it itself
  });
})();
