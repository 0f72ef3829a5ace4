/** Escapes text for HTML content and attribute values: everything user-supplied goes through it. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#161616;background:#f6f6f6;line-height:1.5}
header{background:#000091;color:#fff;padding:1rem 1.5rem}header p{margin:.25rem 0 0}
main{max-width:46rem;margin:0 auto;padding:1rem 1.5rem 3rem;background:#fff}
h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem}
.notice{border-left:4px solid #ce0500;background:#fee9e9;padding:.5rem 1rem;margin:1rem 0}
.info{border-left:4px solid #0063cb;background:#e8edff;padding:.5rem 1rem;margin:1rem 0}
fieldset{border:1px solid #ddd;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:700;padding:0 .25rem}
label{display:block;font-weight:600;margin-top:.75rem}.hint{display:block;font-weight:400;color:#555;font-size:.9rem}
input[type=text],input[type=email],input[type=tel],textarea,select{width:100%;box-sizing:border-box;font:inherit;padding:.4rem;border:1px solid #666;border-radius:2px}
.radio label,.check label{display:inline;font-weight:400;margin:0 0 0 .3rem}.radio div{margin:.3rem 0}
.error{color:#ce0500;font-weight:600;display:block}[aria-invalid=true]{border-color:#ce0500;border-width:2px}
.summary{border:2px solid #ce0500;padding:.5rem 1rem}.summary a{color:#ce0500}
button{background:#000091;color:#fff;border:0;padding:.7rem 1.5rem;font:inherit;font-weight:600;cursor:pointer;margin-top:1rem}
button:focus,a:focus,input:focus,textarea:focus,select:focus{outline:3px solid #0a76f6;outline-offset:2px}
.ref{font-size:1.4rem;font-weight:700;letter-spacing:.05em}`;

/** A complete page: French, one h1, landmarks, no script and no external resource. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — PHAROS</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<div role="banner"><strong>PHAROS</strong>
<p>Plateforme d’harmonisation, d’analyse, de recoupement et d’orientation des signalements</p></div>
</header>
<main id="contenu">
${body}
</main>
</body>
</html>
`;
}

/** CSP for these pages: nothing but the page itself and its inline style; forms post back here only. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
