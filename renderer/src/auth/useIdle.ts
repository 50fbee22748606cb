import { useEffect, useRef } from 'react';

/** What counts as someone at the keyboard or the mouse. */
const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;
/** How often the idle time is checked (a timer set once for the whole wait could be stretched by a sleeping PC). */
const CHECK_MS = 1000;

/**
 * Calls `onIdle` once after `minutes` without keyboard or mouse activity in this window, while
 * `enabled`. Activity restarts the count; the wall clock decides, so a PC waking from sleep
 * locks at once when the time has passed.
 */
export function useIdle(minutes: number, enabled: boolean, onIdle: () => void): void {
  const last = useRef(Date.now());
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);
  useEffect(() => {
    if (!enabled || !(minutes > 0)) return;
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
    };
    for (const name of ACTIVITY) window.addEventListener(name, touch, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) {
        window.clearInterval(timer);
        callback.current();
      }
    }, Math.min(CHECK_MS, minutes * 60_000));
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, touch, { capture: true });
    };
  }, [minutes, enabled]);
}
