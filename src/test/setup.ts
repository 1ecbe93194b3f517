import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/react";

// Lazy routes load their chunk on first render; on a busy machine (the whole suite on 2 cores)
// that can pass the default 1 s of findBy* by far.
configure({ asyncUtilTimeout: 8000 });

// jsdom has no matchMedia; the theme provider asks it for the system colour scheme.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }),
});

// jsdom lacks what cmdk and Radix Select reach for; inert stand-ins are enough for tests.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};

afterEach(() => {
  localStorage.clear();
  document.documentElement.className = "";
});
