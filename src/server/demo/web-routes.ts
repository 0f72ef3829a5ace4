import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { hashOf, DEMO_WEB_CSP, svgImage } from './web-kit';
import { adPage, forumPage, phishingPage, productPage, profilePage, shopPage, videoPage } from './web-pages';
import { indexPage, longPage, popupPage } from './web-dynamic';

const Slug = z.object({ slug: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

function html(reply: FastifyReply, body: string): FastifyReply {
  return reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', DEMO_WEB_CSP).send(body);
}

/** The demo web under /demo-web/ (served only with --demo). Query strings are ignored. */
export const demoWebRoutes: FastifyPluginAsyncZod = async (app) => {
  const hide = { hide: true } as const;
  app.get('/demo-web/', { schema: hide }, async (_q, reply) => html(reply, indexPage()));
  app.get('/demo-web/boutique/', { schema: hide }, async (_q, reply) => html(reply, shopPage()));
  app.get('/demo-web/boutique/produit/:n', { schema: { ...hide, params: z.object({ n: z.coerce.number().int().min(0).max(9999) }) } }, async (q, reply) => html(reply, productPage(q.params.n)));
  app.get('/demo-web/banque/connexion', { schema: hide }, async (_q, reply) => html(reply, phishingPage()));
  app.get('/demo-web/annonces/:slug', { schema: { ...hide, params: Slug } }, async (q, reply) => html(reply, adPage(q.params.slug)));
  app.get('/demo-web/forum/sujet/:slug', { schema: { ...hide, params: Slug } }, async (q, reply) => html(reply, forumPage(q.params.slug)));
  app.get('/demo-web/reseau/profil/:slug', { schema: { ...hide, params: Slug } }, async (q, reply) => html(reply, profilePage(q.params.slug)));
  app.get('/demo-web/video/:slug', { schema: { ...hide, params: Slug } }, async (q, reply) => html(reply, videoPage(q.params.slug)));
  app.get('/demo-web/longue-page', { schema: hide }, async (_q, reply) => html(reply, longPage()));
  app.get('/demo-web/popup', { schema: hide }, async (_q, reply) => html(reply, popupPage()));
  // Two hops, as shortened links do: the capture must record the whole chain.
  app.get('/demo-web/redirection', { schema: hide }, async (_q, reply) => reply.redirect('/demo-web/redirection/etape-2', 302));
  app.get('/demo-web/redirection/etape-2', { schema: hide }, async (_q, reply) => reply.redirect('/demo-web/boutique/', 301));
  app.get('/demo-web/img/:slug', { schema: { ...hide, params: z.object({ slug: z.string().regex(/^[a-z]+-\d{1,5}\.svg$/) }) } }, async (q, reply) => {
    const name = q.params.slug.replace(/\.svg$/, '');
    const seed = Number(name.split('-')[1] ?? hashOf(name));
    return reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=3600').send(svgImage(name.split('-')[0] ?? 'image', seed));
  });
};
