/**
 * The widget's renderer: JSX to DOM with an in-place patch, so focus, caret and screen-reader position survive a
 * repaint. It does only what our views use (elements, text, components, fragments, `on*` handlers, attributes,
 * `value`), which is why it is ~0.4 KB gzip where Preact 11's core is 4.6 KB: on its own, 45% of the 10 KB budget.
 */
export type Child = VNode | string | number | boolean | null | undefined | Child[];
type Props = Record<string, unknown>;
// `never`: any component's props are accepted here; `h` only hands them back to that component.
type Component = (props: never) => Child;
export interface VNode {
  type: string | Component;
  props: Props;
}

export function h(type: VNode['type'], props: Props | null, ...children: Child[]): VNode {
  return { type, props: { ...props, children } };
}

export const Fragment = (props: { children?: Child }): Child => props.children;

/** Components called, fragments and arrays flattened, nothing left but elements and text. */
function flatten(child: Child, out: (VNode | string)[] = []): (VNode | string)[] {
  if (Array.isArray(child)) for (const c of child) flatten(c, out);
  else if (typeof child === 'object' && child) {
    if (typeof child.type === 'function') flatten((child.type as (props: Props) => Child)(child.props), out);
    else out.push(child);
  } else if (child != null && typeof child !== 'boolean') out.push(String(child));
  return out;
}

type Painted = Node & { _props?: Props };

function setProps(element: HTMLElement, props: Props, old: Props = {}): void {
  for (const name of new Set([...Object.keys(old), ...Object.keys(props)])) {
    const value = props[name];
    // `__source`/`__self`: what development JSX transforms add.
    if (name === 'children' || name[0] === '_' || value === old[name]) continue;
    if (name.startsWith('on')) (element as unknown as Props)[name.toLowerCase()] = value ?? null;
    else if (name === 'value') (element as HTMLTextAreaElement).value = value as string;
    // aria-* keeps "false": aria-checked="false" means something; elsewhere false means absent.
    else if (value == null || (value === false && !name.startsWith('aria'))) element.removeAttribute(name);
    else element.setAttribute(name, value === true && !name.startsWith('aria') ? '' : String(value));
  }
}

function patch(parent: Node, children: Child): void {
  const wanted = flatten(children);
  wanted.forEach((vnode, i) => {
    let node = parent.childNodes[i] as Painted | undefined;
    if (typeof vnode === 'string') {
      if (node?.nodeType !== 3) parent.insertBefore(document.createTextNode(vnode), node ?? null);
      else if (node.nodeValue !== vnode) node.nodeValue = vnode;
      return;
    }
    const tag = vnode.type as string;
    if (!node || node.nodeName.toLowerCase() !== tag) {
      const fresh: Painted = document.createElement(tag);
      if (node) parent.replaceChild(fresh, node);
      else parent.appendChild(fresh);
      node = fresh;
    }
    setProps(node as HTMLElement, vnode.props, node._props);
    node._props = vnode.props;
    patch(node, vnode.props.children as Child);
  });
  while (parent.childNodes.length > wanted.length) parent.lastChild!.remove();
}

/** Makes `container`'s content match `vnode`, reusing what is already there. `null` empties it. */
export function render(vnode: Child, container: Element): void {
  patch(container, vnode);
}

type Handlers = {
  onClick?: (event: MouseEvent) => void;
  onKeyDown?: (event: KeyboardEvent) => void;
  onInput?: (event: Event & { currentTarget: HTMLTextAreaElement }) => void;
  onSubmit?: (event: SubmitEvent) => void;
};

// TypeScript finds the JSX types of a classic `h` factory in a namespace of the same name.
/* eslint-disable @typescript-eslint/no-namespace */
export declare namespace h {
  namespace JSX {
    type Element = VNode;
    interface IntrinsicElements {
      [tag: string]: Handlers & { [attribute: string]: unknown };
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace */
