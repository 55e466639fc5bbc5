// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { Fragment, h, render } from './dom.js';

const Item = ({ label }: { label: string }) => <li>{label}</li>;

describe('the renderer', () => {
  it('patches in place: same nodes, changed attributes, aria "false" kept, other false values removed', () => {
    const container = document.createElement('div');
    const first = vi.fn();
    const second = vi.fn();
    render(<button aria-checked={false} disabled={true} title="a" onClick={first}>1</button>, container);
    const button = container.firstChild as HTMLButtonElement;
    expect(button.outerHTML).toBe('<button aria-checked="false" disabled="" title="a">1</button>');
    render(<button aria-checked={true} disabled={false} onClick={second}>2</button>, container);
    expect(container.firstChild).toBe(button);
    expect(button.outerHTML).toBe('<button aria-checked="true">2</button>');
    button.click();
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
  });

  it('flattens components, fragments, arrays and skips null, undefined and booleans', () => {
    const container = document.createElement('div');
    render(
      <ul>
        {null}
        {false}
        <>
          {['a', 'b'].map((label) => <Item label={label} />)}
        </>
        {0}
      </ul>,
      container,
    );
    expect(container.innerHTML).toBe('<ul><li>a</li><li>b</li>0</ul>');
    render(<ul><Item label="c" /></ul>, container);
    expect(container.innerHTML).toBe('<ul><li>c</li></ul>');
    render(null, container);
    expect(container.innerHTML).toBe('');
  });

  it("sets a textarea's value as a property, so what the customer typed is what it shows", () => {
    const container = document.createElement('div');
    render(<textarea value="draft" />, container);
    const textarea = container.firstChild as HTMLTextAreaElement;
    expect(textarea.value).toBe('draft');
    textarea.value = 'typed';
    render(<textarea value="typed" />, container);
    expect(textarea.value).toBe('typed');
  });
});
