import { defineConfig, type DefaultTheme } from "vitepress";
import { API_PACKAGES } from "../scripts/packages.ts";

/** Sidebar and nav labels, one set per locale; the page set is the same. */
interface Labels {
  start: string;
  introduction: string;
  quickStart: string;
  stacks: string;
  fetch: string;
  concepts: string;
  replies: string;
  keys: string;
  events: string;
  idempotency: string;
  more: string;
  testing: string;
  portable: string;
  customAdapter: string;
  security: string;
  reference: string;
  troubleshooting: string;
  navTroubleshooting: string;
  api: string;
  benchmarks: string;
  guide: string;
}

const zh: Labels = {
  start: "开始",
  introduction: "介绍",
  quickStart: "快速开始",
  stacks: "接入框架",
  fetch: "Fetch 运行时",
  concepts: "核心概念",
  replies: "应答与重试",
  keys: "密钥、证书与轮换",
  events: "事件类型与分发",
  idempotency: "重复通知与幂等",
  more: "进阶",
  testing: "测试与 CLI",
  portable: "边缘运行时",
  customAdapter: "自定义适配器",
  security: "安全",
  reference: "参考",
  troubleshooting: "问题排查与错误码",
  navTroubleshooting: "问题排查",
  api: "API 参考",
  benchmarks: "性能基准",
  guide: "指南",
};

const en: Labels = {
  start: "Getting started",
  introduction: "Introduction",
  quickStart: "Quick start",
  stacks: "Frameworks",
  fetch: "Fetch runtimes",
  concepts: "Concepts",
  replies: "Replies and retries",
  keys: "Keys, certificates, rotation",
  events: "Typed events and dispatch",
  idempotency: "Duplicates and idempotency",
  more: "Going further",
  testing: "Testing and the CLI",
  portable: "Edge runtimes",
  customAdapter: "Custom adapters",
  security: "Security",
  reference: "Reference",
  troubleshooting: "Troubleshooting and error codes",
  navTroubleshooting: "Troubleshooting",
  api: "API reference",
  benchmarks: "Benchmarks",
  guide: "Guide",
};

function sidebar(base: string, t: Labels): DefaultTheme.SidebarItem[] {
  return [
    {
      text: t.start,
      items: [
        { text: t.introduction, link: `${base}guide/introduction` },
        { text: t.quickStart, link: `${base}guide/quick-start` },
      ],
    },
    {
      text: t.stacks,
      items: [
        { text: "Koa", link: `${base}stacks/koa` },
        { text: "Express", link: `${base}stacks/express` },
        { text: "Nuxt 4", link: `${base}stacks/nuxt` },
        { text: "h3 v2", link: `${base}stacks/h3` },
        { text: "node:http", link: `${base}stacks/node` },
        { text: t.fetch, link: `${base}stacks/fetch` },
      ],
    },
    {
      text: t.concepts,
      items: [
        { text: t.replies, link: `${base}guide/replies` },
        { text: t.keys, link: `${base}guide/keys` },
        { text: t.events, link: `${base}guide/events` },
        { text: t.idempotency, link: `${base}guide/idempotency` },
      ],
    },
    {
      text: t.more,
      items: [
        { text: t.testing, link: `${base}guide/testing` },
        { text: t.portable, link: `${base}guide/portable` },
        { text: t.customAdapter, link: `${base}guide/custom-adapter` },
        { text: t.security, link: `${base}guide/security` },
      ],
    },
    {
      text: t.reference,
      items: [
        { text: t.troubleshooting, link: `${base}guide/troubleshooting` },
        {
          text: t.api,
          link: `${base}api/`,
          collapsed: true,
          items: API_PACKAGES.map((pkg) => ({
            text: pkg.name,
            link: `${base}api/${pkg.slug}`,
          })),
        },
        { text: t.benchmarks, link: `${base}guide/benchmarks` },
      ],
    },
  ];
}

function nav(base: string, t: Labels): DefaultTheme.NavItem[] {
  return [
    {
      text: t.guide,
      link: `${base}guide/introduction`,
      activeMatch: "/guide/(?!troubleshooting)",
    },
    { text: t.stacks, link: `${base}stacks/koa`, activeMatch: "/stacks/" },
    {
      text: t.navTroubleshooting,
      link: `${base}guide/troubleshooting`,
      activeMatch: "/guide/troubleshooting",
    },
    { text: t.api, link: `${base}api/`, activeMatch: "/api/" },
  ];
}

export default defineConfig({
  title: "wxnotify",
  cleanUrls: true,
  lastUpdated: false,
  // Only the site's pages: snippets, tests and scripts are sources, not pages.
  srcExclude: ["README.md", "snippets/**", "test/**", "scripts/**"],
  head: [
    ["link", { rel: "icon", type: "image/svg+xml", href: "/favicon.svg" }],
    ["meta", { name: "theme-color", content: "#07c160" }],
  ],
  markdown: {
    theme: { light: "github-light", dark: "github-dark" },
  },
  locales: {
    root: {
      label: "简体中文",
      lang: "zh-CN",
      description:
        "在任何 Node.js 框架里正确接收微信支付通知：验签、解密、应答。",
      themeConfig: {
        nav: nav("/", zh),
        sidebar: sidebar("/", zh),
        outline: { level: [2, 3], label: "本页目录" },
        docFooter: { prev: "上一页", next: "下一页" },
        langMenuLabel: "切换语言",
        returnToTopLabel: "回到顶部",
        sidebarMenuLabel: "菜单",
        darkModeSwitchLabel: "外观",
        lightModeSwitchTitle: "切换到浅色模式",
        darkModeSwitchTitle: "切换到深色模式",
        notFound: {
          title: "页面不存在",
          quote: "这个地址没有页面。",
          linkLabel: "返回首页",
          linkText: "返回首页",
        },
      },
    },
    en: {
      label: "English",
      lang: "en",
      link: "/en/",
      description:
        "Receive WeChat Pay notifications correctly in any Node.js framework: verify, decrypt, reply.",
      themeConfig: {
        nav: nav("/en/", en),
        sidebar: sidebar("/en/", en),
        outline: { level: [2, 3] },
      },
    },
  },
  themeConfig: {
    logo: "/favicon.svg",
    search: {
      provider: "local",
      options: {
        miniSearch: {
          options: {
            // Chinese has no spaces between words: index runs of Han
            // characters as overlapping pairs, so that 签名探测 finds
            // 签名探测 inside a sentence. Self-contained: VitePress ships
            // the function's source to the browser for the queries.
            tokenize: (text: string): string[] => {
              const tokens: string[] = [];
              for (const word of text.split(/[\n\r\p{Z}\p{P}]+/u)) {
                if (!word) continue;
                for (const run of word.split(/(\p{Script=Han}+)/u)) {
                  if (!run) continue;
                  if (!/\p{Script=Han}/u.test(run) || run.length === 1) {
                    tokens.push(run);
                    continue;
                  }
                  for (let i = 0; i < run.length - 1; i++) {
                    tokens.push(run.slice(i, i + 2));
                  }
                }
              }
              return tokens;
            },
          },
        },
        locales: {
          root: {
            translations: {
              button: { buttonText: "搜索文档", buttonAriaLabel: "搜索文档" },
              modal: {
                displayDetails: "显示详细列表",
                resetButtonTitle: "清除查询",
                backButtonTitle: "关闭搜索",
                noResultsText: "没有找到相关结果",
                footer: {
                  selectText: "选择",
                  selectKeyAriaLabel: "回车",
                  navigateText: "切换",
                  navigateUpKeyAriaLabel: "上箭头",
                  navigateDownKeyAriaLabel: "下箭头",
                  closeText: "关闭",
                  closeKeyAriaLabel: "Esc",
                },
              },
            },
          },
        },
      },
    },
  },
});
