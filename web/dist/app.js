import{p as a,q as b,r as c,s as d}from"./chunk-2IWD6FZJ.js";export{b as href,a as parse,d as render,c as setParams};
