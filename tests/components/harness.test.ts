// Proves the browser test harness: secure context, WebGPU adapter, Lit rendering and locators.
import { html, LitElement } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';

class RpHarnessProbe extends LitElement {
  static override properties = { label: { type: String } };
  declare label: string;
  override render() {
    return html`<p>Hello from ${this.label}</p>`;
  }
}
customElements.define('rp-harness-probe', RpHarnessProbe);

describe('browser harness', () => {
  it('runs in a secure context served from localhost', () => {
    expect(window.isSecureContext).toBe(true);
    expect(['localhost', '127.0.0.1']).toContain(location.hostname);
  });

  it('exposes a WebGPU adapter and device', async () => {
    expect(navigator.gpu).toBeDefined();
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter).not.toBeNull();
    const { vendor, architecture, device, description } = adapter!.info;
    // Without a GPU this is SwiftShader (a fallback adapter); log it so CI output shows which.
    console.info('WebGPU adapter:', JSON.stringify({ vendor, architecture, device, description }));
    const gpuDevice = await adapter!.requestDevice();
    expect(gpuDevice.limits.maxBufferSize).toBeGreaterThan(0);
    gpuDevice.destroy();
  });

  it('renders a Lit element that page locators can find', async () => {
    render(html`<rp-harness-probe label="the harness"></rp-harness-probe>`);
    await expect.element(page.getByText('Hello from the harness')).toBeVisible();
  });
});
