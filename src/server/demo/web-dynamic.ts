import { demoPage } from './web-kit';

/** A long page whose images load lazily and whose sections keep coming as one scrolls (capture tests). */
export function longPage(): string {
  const sections = Array.from({ length: 30 }, (_, i) => section(i)).join('\n');
  const script = `
let next = 30;
const sentinel = document.getElementById('suite');
new IntersectionObserver((entries) => {
  if (!entries.some((e) => e.isIntersecting) || next >= 90) return;
  const frag = document.createElement('div');
  frag.innerHTML = Array.from({ length: 10 }, (_, k) => next + k).map((i) =>
    '<section style="min-height:420px"><h2>Section ' + (i + 1) + ' (chargée au défilement)</h2>' +
    '<img loading="lazy" src="/demo-web/img/longue-' + i + '.svg" alt="Illustration ' + (i + 1) + '" width="480" height="320"></section>').join('');
  sentinel.before(frag);
  next += 10;
  if (next >= 90) sentinel.textContent = 'Fin de la page.';
}).observe(sentinel);`;
  return demoPage('Longue page — Archives Exemple', `<h1>Archives Exemple : longue page</h1><p>Les images se chargent au défilement ; de nouvelles sections apparaissent en bas de page.</p>
${sections}<p id="suite">Chargement de la suite…</p>`, { script });
}

function section(i: number): string {
  return `<section style="min-height:420px"><h2>Section ${i + 1}</h2><p>[Contenu fictif de démonstration, paragraphe ${i + 1}.]</p>
<img loading="lazy" src="/demo-web/img/longue-${i}.svg" alt="Illustration ${i + 1}" width="480" height="320"></section>`;
}

/** A page that tries to escape its tab: alert, popup window, print dialog, modal overlay. */
export function popupPage(): string {
  const script = `
setTimeout(() => { try { alert('Votre ordinateur est infecté ! Appelez le support.'); } catch (e) {} }, 300);
setTimeout(() => { try { window.open('/demo-web/boutique/', 'promo', 'width=400,height=300'); } catch (e) {} }, 600);
setTimeout(() => { try { confirm('Autoriser les notifications ?'); } catch (e) {} }, 900);
document.getElementById('fermer').addEventListener('click', () => document.getElementById('modale').close());`;
  return demoPage(
    'ALERTE SÉCURITÉ — Support Exemple',
    `<h1 style="color:#c62828">Alerte de sécurité</h1><p>[Page fictive imitant une arnaque au faux support technique.]</p>
<dialog id="modale" open style="border:3px solid #c62828;max-width:28rem"><p><strong>Votre ordinateur est bloqué.</strong> Appelez le 01 00 00 00 00 (numéro fictif).</p>
<button id="fermer" type="button">Fermer</button></dialog>`,
    { script },
  );
}

export function indexPage(): string {
  const links: [string, string][] = [
    ['boutique/', 'Fausse boutique en ligne'],
    ['boutique/produit/3', 'Fiche produit (contrefaçon)'],
    ['banque/connexion', 'Page d’hameçonnage (fausse banque)'],
    ['forum/sujet/4521', 'Fil de forum'],
    ['reseau/profil/plug_express', 'Profil de réseau social'],
    ['annonces/escort-21', 'Petite annonce'],
    ['video/tutoriel-2', 'Page vidéo'],
    ['longue-page', 'Longue page à chargement progressif'],
    ['redirection', 'Lien qui redirige (deux sauts)'],
    ['popup', 'Page qui tente d’ouvrir des fenêtres et des boîtes de dialogue'],
  ];
  return demoPage(
    'Web de démonstration PHAROS',
    `<h1>Web de démonstration</h1><p>Pages synthétiques et inoffensives vers lesquelles pointent les signalements de démonstration.</p>
<ul>${links.map(([href, label]) => `<li><a href="/demo-web/${href}">${label}</a></li>`).join('')}</ul>`,
  );
}
