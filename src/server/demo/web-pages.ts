import { esc } from '../intake/html';
import { demoPage, hashOf } from './web-kit';

const PRODUCTS = ['Console de jeux « NeoStation 5 »', 'Montre de luxe « Chronos Royal »', 'Sac « Maison Élégance »', 'Smartphone « Pixelo 12 Pro »', 'Baskets « AirFly »', 'Parfum « Nuit d’Or »', 'Casque audio « BassMax »', 'Traitement minceur « SlimRapid »', 'Trottinette électrique « VoltGo »', 'Drone « SkyEye 4K »'];

const SHOP_STYLE = `.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}.card{background:#fff;border:1px solid #ddd;padding:.5rem}
.card img{width:100%;height:auto}.price{color:#c62828;font-size:1.4rem;font-weight:700}.old{text-decoration:line-through;color:#777}
header.shop{background:#1a237e;color:#fff;padding:1rem;font:700 1.6rem system-ui}.promo{background:#c62828;color:#fff;padding:.5rem;text-align:center}`;

export function shopPage(): string {
  const cards = PRODUCTS.map(
    (p, i) => `<div class="card"><a href="/demo-web/boutique/produit/${i}"><img src="/demo-web/img/produit-${i}.svg" alt="${esc(p)}" width="480" height="320"></a>
<h2>${esc(p)}</h2><p><span class="old">${(i + 3) * 97} €</span> <span class="price">${(i + 3) * 19} €</span></p></div>`,
  ).join('\n');
  return demoPage(
    'MEGA DESTOCKAGE — Boutique Exemple',
    `<header class="shop">MEGA-DESTOCK Exemple</header><p class="promo">-80 % sur tout le site ! Offre valable aujourd’hui seulement ! Paiement par carte cadeau accepté.</p>
<div class="grid">${cards}</div><footer><p>Mentions légales : en cours de rédaction. Contact : contact@boutique.example</p></footer>`,
    { style: SHOP_STYLE },
  );
}

export function productPage(n: number): string {
  const name = PRODUCTS[n % PRODUCTS.length] ?? PRODUCTS[0];
  return demoPage(
    `${name} — Boutique Exemple`,
    `<header class="shop">MEGA-DESTOCK Exemple</header><h1>${esc(name ?? '')}</h1>
<img src="/demo-web/img/produit-${n}.svg" alt="${esc(name ?? '')}" width="480" height="320">
<p class="price">${(n + 3) * 19} € <span class="old">${(n + 3) * 97} €</span></p>
<p>Produit 100 % authentique, garantie 5 ans, livraison express gratuite sous 24 h.</p>
<form><label>Numéro de carte cadeau <input name="carte" autocomplete="off"></label> <button type="button">Payer maintenant</button></form>
<h2>Avis clients</h2><ul><li>★★★★★ « Parfait ! » — publié le 01/01</li><li>★★★★★ « Très bon site » — publié le 01/01</li><li>★★★★★ « Je recommande » — publié le 01/01</li></ul>`,
    { style: SHOP_STYLE },
  );
}

export function phishingPage(): string {
  return demoPage(
    'Espace client — Banque Exemple',
    `<div style="max-width:24rem;margin:2rem auto;background:#fff;border:1px solid #ccc;padding:1.5rem;font-family:system-ui">
<h1 style="color:#006a4e">Banque Exemple</h1><p><strong>Action requise :</strong> votre compte sera suspendu sous 24 h. Confirmez vos informations.</p>
<form><label>Identifiant<br><input name="identifiant"></label><br><label>Mot de passe<br><input type="password" name="mdp"></label><br>
<label>Numéro de carte<br><input name="carte"></label><br><label>Code reçu par SMS<br><input name="code"></label><br><button type="button">Valider</button></form>
<p style="font-size:.8rem;color:#777">Imitation fictive d’un site bancaire, à des fins de démonstration.</p></div>`,
  );
}

export function adPage(slug: string): string {
  const h = hashOf(slug);
  return demoPage(
    `Annonce ${slug} — Petites annonces Exemple`,
    `<h1>Petites annonces Exemple</h1><article style="background:#fff;border:1px solid #ddd;padding:1rem">
<h2>Annonce n° ${h} (${esc(slug)})</h2><img src="/demo-web/img/annonce-${h}.svg" alt="Photo de l’annonce" width="480" height="320">
<p>[Texte d’annonce fictif et neutralisé, représentatif d’une annonce signalée.]</p>
<p>Contact : 06 00 00 0${h % 10} ${h % 100} — réponse uniquement par messagerie chiffrée.</p></article>`,
  );
}

export function forumPage(id: string): string {
  const posts = Array.from({ length: 8 }, (_, i) => {
    const author = ['Pseudo_Anonyme', 'Lecteur42', 'Modo_Exemple', 'Utilisateur_7'][i % 4];
    const text = i === 0 ? '[Message initial fictif : propos illicites neutralisés pour la démonstration — appel à la haine, menaces ou apologie selon le signalement.]' : `Réponse n° ${i} au sujet (texte de démonstration).`;
    return `<article id="message-${i}" style="background:#fff;border:1px solid #ddd;margin:.5rem 0;padding:.5rem">
<header><img src="/demo-web/img/avatar-${i}.svg" alt="" width="48" height="48" style="vertical-align:middle"> <strong>${author}</strong> — il y a ${i + 1} h</header><p>${text}</p></article>`;
  }).join('\n');
  return demoPage(`Sujet ${id} — Forum Exemple`, `<h1>Forum Exemple › Discussions générales › Sujet n° ${esc(id)}</h1>${posts}<p><a href="?page=2">Page suivante</a></p>`);
}

export function profilePage(handle: string): string {
  const posts = Array.from({ length: 6 }, (_, i) => `<article style="background:#fff;border:1px solid #ddd;margin:.5rem 0;padding:.5rem"><p>Publication n° ${i + 1} de @${esc(handle)} : [contenu fictif neutralisé].</p>
<img src="/demo-web/img/post-${hashOf(handle) + i}.svg" alt="Image de la publication" width="480" height="320" loading="lazy"></article>`).join('\n');
  return demoPage(`@${handle} — Réseau Exemple`, `<h1>@${esc(handle)}</h1><p>1 234 abonnés · compte créé il y a 3 semaines</p>${posts}`);
}

export function videoPage(slug: string): string {
  return demoPage(
    `Vidéo ${slug} — Vidéos Exemple`,
    `<h1>Vidéos Exemple</h1><video controls width="640" height="360" poster="/demo-web/img/video-${hashOf(slug)}.svg" preload="none">
<p>Votre navigateur ne lit pas cette vidéo.</p></video>
<h2>[Titre fictif de la vidéo signalée : ${esc(slug)}]</h2><p>12 345 vues · mise en ligne il y a 2 jours</p>
<p>Description : [texte neutralisé pour la démonstration].</p>`,
  );
}
